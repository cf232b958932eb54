using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace Signaling.Tests.Connections;

/// <summary>
/// A server-side WebSocket the test scripts: it delivers client messages, can hold the server's sends (a client that
/// stops reading), records what was sent, and answers the server's close frame like a browser does.
/// </summary>
public sealed class ScriptedWebSocket : WebSocket
{
    /// <summary>Client frames: a text message, or (Data null) a close frame.</summary>
    private readonly Channel<(byte[]? Data, WebSocketCloseStatus Status)> _incoming = Channel.CreateUnbounded<(byte[]?, WebSocketCloseStatus)>();
    private readonly List<string> _sent = [];
    private TaskCompletionSource _sendGate = NewGate(open: true);
    private WebSocketState _state = WebSocketState.Open;
    private int _sendsStarted;

    public override WebSocketCloseStatus? CloseStatus => null;

    public override string? CloseStatusDescription => null;

    public override WebSocketState State => _state;

    public override string? SubProtocol => null;

    /// <summary>The close frame the server sent, if any.</summary>
    public WebSocketCloseStatus? SentCloseStatus { get; private set; }

    public string? SentCloseDescription { get; private set; }

    public int SendsStarted => Volatile.Read(ref _sendsStarted);

    public string[] Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public void Deliver(string text) => _incoming.Writer.TryWrite((Encoding.UTF8.GetBytes(text), default));

    /// <summary>From now on the server's sends block, as when the client stops reading and TCP buffers are full.</summary>
    public void HoldSends() => _sendGate = NewGate(open: false);

    public void ReleaseSends() => _sendGate.TrySetResult();

    public override async Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sendsStarted);
        await _sendGate.Task.WaitAsync(cancellationToken);
        lock (_sent)
        {
            _sent.Add(Encoding.UTF8.GetString(buffer));
        }
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            (byte[]? data, WebSocketCloseStatus status) = await _incoming.Reader.ReadAsync(cancellationToken);
            if (data is null)
            {
                _state = WebSocketState.Closed;
                return new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, status, string.Empty);
            }

            data.CopyTo(buffer.AsSpan());
            return new WebSocketReceiveResult(data.Length, WebSocketMessageType.Text, true);
        }
        catch (ChannelClosedException)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
        }
    }

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        SentCloseStatus = closeStatus;
        SentCloseDescription = statusDescription;
        _state = WebSocketState.CloseSent;
        _incoming.Writer.TryWrite((null, closeStatus)); // the browser answers the close
        return Task.CompletedTask;
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Abort()
    {
        _state = WebSocketState.Aborted;
        _incoming.Writer.TryComplete();
    }

    public override void Dispose() => Abort();

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.TrySetResult();
        }

        return gate;
    }
}
