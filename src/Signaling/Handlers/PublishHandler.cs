using Sfu.Engine;
using Signaling.Protocol;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary>
/// <c>publish</c>: the metadata of a local track, sent before the offer that carries it, so that subscribers can
/// map the track's stream id (msid) to this participant and a source when it arrives. Publishing an id again
/// replaces its metadata.
/// </summary>
internal sealed class PublishHandler : JoinedMessageHandler<PublishMessage>
{
    protected override void Handle(SignalingSession session, Participant participant, PublishMessage message)
    {
        IPeerSession? peer;
        bool newTrack;
        lock (participant.Room.Sync)
        {
            peer = participant.Session;
            if (participant.Removed || peer is null)
            {
                session.SendError(NotJoined(), message.Id);
                return;
            }

            int limit = session.Services.Options.MaxTracksPerParticipant;
            if (!participant.Tracks.ContainsKey(message.TrackId!) && participant.Tracks.Count >= limit)
            {
                session.SendError(ProtocolError.BadField("trackId", $"at most {limit} tracks per participant"), message.Id);
                return;
            }

            newTrack = !participant.Tracks.ContainsKey(message.TrackId!);
            var track = new PublishedTrack(message.TrackId!, message.StreamId!, message.Kind!, message.Source!, message.Muted);
            participant.Tracks[track.TrackId] = track;
            participant.Room.BroadcastLocked(track.ToPublished(participant.Id), except: participant);
        }

        // The offer carrying a new track follows: a server offer sent meanwhile would cross it (glare), and a joining
        // browser that rolls its first offer back gathers ICE again, which made some joins take seconds longer. A track
        // published again (new metadata, or re-sent after a resume) brings no offer of its own.
        if (newTrack)
        {
            peer.ExpectBrowserOffer();
        }

        if (message.Muted)
        {
            MuteHandler.TellEngine(session, participant, peer, message.TrackId!, muted: true);
        }
    }
}
