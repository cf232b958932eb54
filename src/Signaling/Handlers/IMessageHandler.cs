using Signaling.Protocol;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary>Handles one message type for a session.</summary>
internal interface IMessageHandler
{
    void Handle(SignalingSession session, ClientMessage message);
}

/// <summary>A handler of a message that needs a joined participant; everything else gets <c>not_joined</c>.</summary>
internal abstract class JoinedMessageHandler<TMessage> : IMessageHandler
    where TMessage : ClientMessage
{
    public void Handle(SignalingSession session, ClientMessage message)
    {
        Participant? participant = session.Participant;
        if (participant is null || !participant.IsAttachedTo(session.Sink))
        {
            session.SendError(new ProtocolError(ErrorCodes.NotJoined, "send 'join' first"), message.Id);
            return;
        }

        Handle(session, participant, (TMessage)message);
    }

    protected abstract void Handle(SignalingSession session, Participant participant, TMessage message);

    protected static ProtocolError NotJoined() => new(ErrorCodes.NotJoined, "the participant is no longer in the room");
}
