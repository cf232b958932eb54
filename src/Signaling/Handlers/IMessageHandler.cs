using Signaling.Protocol;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary>
/// Handles one message type for a session. Handlers that ask the engine something await its answer (it never blocks a
/// thread); the session handles its messages one at a time, so the next message waits for that answer.
/// </summary>
internal interface IMessageHandler
{
    ValueTask HandleAsync(SignalingSession session, ClientMessage message);
}

/// <summary>A handler of a message that needs a joined participant; everything else gets <c>not_joined</c>.</summary>
internal abstract class AsyncJoinedMessageHandler<TMessage> : IMessageHandler
    where TMessage : ClientMessage
{
    public ValueTask HandleAsync(SignalingSession session, ClientMessage message)
    {
        Participant? participant = session.Participant;
        if (participant is null || !participant.IsAttachedTo(session.Sink))
        {
            session.SendError(new ProtocolError(ErrorCodes.NotJoined, "send 'join' first"), message.Id);
            return ValueTask.CompletedTask;
        }

        return HandleAsync(session, participant, (TMessage)message);
    }

    protected abstract ValueTask HandleAsync(SignalingSession session, Participant participant, TMessage message);

    protected static ProtocolError NotJoined() => new(ErrorCodes.NotJoined, "the participant is no longer in the room");
}

/// <summary>A joined-participant handler that finishes without waiting for anything.</summary>
internal abstract class JoinedMessageHandler<TMessage> : AsyncJoinedMessageHandler<TMessage>
    where TMessage : ClientMessage
{
    protected sealed override ValueTask HandleAsync(SignalingSession session, Participant participant, TMessage message)
    {
        Handle(session, participant, message);
        return ValueTask.CompletedTask;
    }

    protected abstract void Handle(SignalingSession session, Participant participant, TMessage message);
}
