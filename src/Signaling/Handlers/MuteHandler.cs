using Sfu.Engine;
using Signaling.Diagnostics;
using Signaling.Protocol;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary><c>mute</c>: the engine pauses (or resumes) forwarding of the track, and the room is told.</summary>
internal sealed class MuteHandler : JoinedMessageHandler<MuteMessage>
{
    protected override void Handle(SignalingSession session, Participant participant, MuteMessage message)
    {
        IPeerSession? peer;
        lock (participant.Room.Sync)
        {
            peer = participant.Session;
            if (!participant.Tracks.ContainsKey(message.TrackId!))
            {
                session.SendError(ProtocolError.BadField("trackId", "no such published track"), message.Id);
                return;
            }
        }

        bool muted = message.Muted!.Value;
        if (peer is not null)
        {
            TellEngine(session, participant, peer, message.TrackId!, muted);
        }

        lock (participant.Room.Sync)
        {
            if (participant.Removed || !participant.Tracks.TryGetValue(message.TrackId!, out PublishedTrack? track))
            {
                return;
            }

            track.Muted = muted;
            participant.Room.BroadcastLocked(
                new TrackMutedMessage { ParticipantId = participant.Id, TrackId = track.TrackId, Muted = muted },
                except: participant);
        }
    }

    /// <summary>
    /// Outside the room lock. A track announced but not negotiated yet may be unknown to the engine; the browser
    /// mutes locally anyway (track.enabled), so an engine refusal is logged, not reported.
    /// </summary>
    internal static void TellEngine(SignalingSession session, Participant participant, IPeerSession peer, string trackId, bool muted)
    {
        try
        {
            peer.SetTrackMuted(trackId, muted);
        }
        catch (Exception e)
        {
            SignalingLog.EngineError(session.Services.Logger, participant.Id, e);
        }
    }
}
