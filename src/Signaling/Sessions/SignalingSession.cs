using System.Net.WebSockets;
using Signaling.Diagnostics;
using Signaling.Protocol;
using Signaling.Rooms;

namespace Signaling.Sessions;

/// <summary>
/// The protocol state of one client connection: parses each message, rate-limits, and dispatches it to its
/// handler. Messages of one connection are handled one at a time, in order (the receive loop awaits each),
/// which keeps one negotiation in flight per connection. No socket here, so tests drive it directly.
/// </summary>
public sealed class SignalingSession
{
    private readonly TokenBucket _messageBudget;

    public SignalingSession(IMessageSink sink, SignalingServices services, string connectionId)
    {
        Sink = sink;
        Services = services;
        ConnectionId = connectionId;
        _messageBudget = new TokenBucket(services.Time, services.Options.MessageBurst, services.Options.MessagesPerSecond);
    }

    public string ConnectionId { get; }

    public IMessageSink Sink { get; }

    public SignalingServices Services { get; }

    /// <summary>The participant this connection joined as (it may since have been removed or taken over).</summary>
    public Participant? Participant { get; internal set; }

    /// <summary>
    /// Handles one complete text message. The bytes are parsed before this returns (the caller may reuse its buffer
    /// then); the returned task ends when the message's handler has finished, e.g. once the engine answered an offer.
    /// </summary>
    public ValueTask HandleMessageAsync(ReadOnlySpan<byte> utf8Json)
    {
        if (!_messageBudget.TryTake())
        {
            Diagnostics.SignalingMessageMetrics.Count(Diagnostics.SignalingMessageMetrics.RateLimited);
            SendError(new ProtocolError(ErrorCodes.RateLimited, "too many messages; slow down"), null);
            return ValueTask.CompletedTask;
        }

        ParseResult parsed = MessageParser.Parse(utf8Json);
        Diagnostics.SignalingMessageMetrics.Count(parsed.Ok ? parsed.Type : Diagnostics.SignalingMessageMetrics.Invalid);
        if (!parsed.Ok)
        {
            SendError(parsed.Error!, parsed.RequestId);
            return ValueTask.CompletedTask;
        }

        if (Participant is not { } participant)
        {
            return Services.Dispatcher.DispatchAsync(this, parsed.Type!, parsed.Message!);
        }

        return DispatchInScopeAsync(participant, parsed.Type!, parsed.Message!);
    }

    /// <summary>
    /// Handles a joined participant's message inside a log scope naming its meeting and participant, so every line its
    /// handlers, and the engine calls they await, write can be filtered by either (JSON console logs show scopes).
    /// </summary>
    private async ValueTask DispatchInScopeAsync(Participant participant, string type, ClientMessage message)
    {
        using IDisposable? scope = Services.Logger.BeginScope(new Dictionary<string, object>
        {
            ["MeetingId"] = participant.Room.Id,
            ["ParticipantId"] = participant.Id,
        });
        await Services.Dispatcher.DispatchAsync(this, type, message);
    }

    /// <summary>A message over the size limit was received (and discarded).</summary>
    public void HandleTooLarge() =>
        SendError(new ProtocolError(ErrorCodes.TooLarge, $"messages are limited to {Services.Options.MaxMessageBytes} bytes"), null);

    public void HandleBinary() =>
        SendError(new ProtocolError(ErrorCodes.BadJson, "binary messages are not supported; send JSON text"), null);

    /// <summary>The socket is gone: the participant (if any) waits for a resume for the grace period.</summary>
    public void OnDisconnected()
    {
        if (Participant is { } participant)
        {
            Services.Rooms.Detach(participant, Sink);
        }
    }

    /// <summary>
    /// The host is stopping. The first connection to notice tells every participant of every room
    /// (<c>leave {reason: "serverShutdown"}</c>, then close); a connection that never joined is just closed (1001).
    /// </summary>
    public void OnServerShutdown()
    {
        Services.Rooms.ShutDown();
        Sink.Close(WebSocketCloseStatus.EndpointUnavailable, LeaveReasons.ServerShutdown);
    }

    internal void Send(ServerMessage message) => Sink.TrySend(ServerMessageEncoder.Encode(message));

    internal void SendError(ProtocolError error, string? requestId)
    {
        SignalingLog.ProtocolError(Services.Logger, ConnectionId, error.Code, error.Message);
        Send(new ErrorMessage { Id = requestId, Code = error.Code, Message = error.Message, Field = error.Field });
    }
}
