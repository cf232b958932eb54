using Sfu.Routing;

namespace Sfu.Engine.Commands;

/// <summary>A subscriber's tile sizes, visibility and pins replace its previous ones; its streams are reallocated at once.</summary>
internal sealed class SetVideoPreferencesCommand(PeerSession session, IReadOnlyList<VideoPreference> preferences) : WorkerCommand
{
    internal override void Execute() =>
        session.Participant?.SetVideoPreferences(preferences, session.Rooms.ActiveSpeakerOf(session.RoomId));
}
