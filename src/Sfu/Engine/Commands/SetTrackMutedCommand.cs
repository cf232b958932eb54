namespace Sfu.Engine.Commands;

/// <summary>Publisher-side mute of one track: its consumers pause, and resume with a keyframe.</summary>
internal sealed class SetTrackMutedCommand(PeerSession session, string trackId, bool muted) : WorkerCommand
{
    internal override void Execute() => session.Participant?.SetTrackMuted(trackId, muted);
}
