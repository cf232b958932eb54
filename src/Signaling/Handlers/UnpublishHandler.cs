using Signaling.Protocol;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary><c>unpublish</c>: the track is gone from the room (the browser removes it from its offer too).</summary>
internal sealed class UnpublishHandler : JoinedMessageHandler<UnpublishMessage>
{
    protected override void Handle(SignalingSession session, Participant participant, UnpublishMessage message)
    {
        lock (participant.Room.Sync)
        {
            if (!participant.Tracks.Remove(message.TrackId!))
            {
                session.SendError(ProtocolError.BadField("trackId", "no such published track"), message.Id);
                return;
            }

            participant.Room.BroadcastLocked(
                new TrackUnpublishedMessage { ParticipantId = participant.Id, TrackId = message.TrackId! },
                except: participant);
        }
    }
}
