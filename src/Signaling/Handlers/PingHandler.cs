using Signaling.Protocol;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary><c>ping</c> (allowed before join too): answered with <c>pong</c>; receiving it keeps the socket from idling out.</summary>
internal sealed class PingHandler : IMessageHandler
{
    public ValueTask HandleAsync(SignalingSession session, ClientMessage message)
    {
        session.Send(new PongMessage { Id = message.Id });
        return ValueTask.CompletedTask;
    }
}
