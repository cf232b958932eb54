using System.Net.WebSockets;
using Signaling.Protocol;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary><c>leave</c>: the participant is removed at once (no grace period) and the socket closed.</summary>
internal sealed class LeaveHandler : JoinedMessageHandler<EmptyMessage>
{
    protected override void Handle(SignalingSession session, Participant participant, EmptyMessage message)
    {
        session.Services.Rooms.Remove(participant, LeaveReasons.Left, notifySelf: false);
        session.Participant = null;
        session.Sink.Close(WebSocketCloseStatus.NormalClosure, LeaveReasons.Left);
    }
}
