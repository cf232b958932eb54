using Sfu.Engine;
using VideoPreference = Sfu.Routing.VideoPreference;
using Signaling.Diagnostics;
using Signaling.Protocol;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary>
/// <c>videoPreferences</c>: the subscriber's tile sizes, visibility and pins go to its stream allocator in the engine.
/// Entries for tracks the room does not have (a participant who just left, a stale page) are ignored, not errors: the
/// page and the room can briefly disagree and the rest of the set is still good.
/// </summary>
internal sealed class VideoPreferencesHandler : JoinedMessageHandler<VideoPreferencesMessage>
{
    protected override void Handle(SignalingSession session, Participant participant, VideoPreferencesMessage message)
    {
        var preferences = new List<VideoPreference>(message.Tracks!.Count);
        IPeerSession? peer;
        lock (participant.Room.Sync)
        {
            peer = participant.Session;
            foreach (VideoTrackPreference? track in message.Tracks)
            {
                if (participant.Room.Participants.TryGetValue(track!.ParticipantId!, out Participant? publisher)
                    && publisher != participant
                    && publisher.Tracks.ContainsKey(track.TrackId!))
                {
                    preferences.Add(new VideoPreference(track.TrackId!, track.Width!.Value, track.Height!.Value, track.Visible ?? true, track.Pinned ?? false));
                }
            }
        }

        if (peer is null)
        {
            return; // no media session yet: the default (every video visible) holds until the page sends its tiles again
        }

        try
        {
            peer.SetVideoPreferences(preferences);
        }
        catch (Exception e)
        {
            SignalingLog.EngineError(session.Services.Logger, participant.Id, e);
        }
    }
}
