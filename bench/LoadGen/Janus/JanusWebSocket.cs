using System.Net.WebSockets;
using System.Text;

namespace LoadGen.Janus;

/// <summary>
/// Carries a <see cref="JanusSession"/> over Janus's WebSocket transport (subprotocol <c>janus-protocol</c>, port 8188 by
/// default) and keeps the session alive: Janus drops a session after <c>session_timeout</c> (60 s by default) without a
/// request, so a keepalive goes out every 25 s, as janus.js does.
/// </summary>
internal sealed class JanusWebSocket : IAsyncDisposable
{
    public const string SubProtocol = "janus-protocol";
    private static readonly TimeSpan KeepaliveInterval = TimeSpan.FromSeconds(25);

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;
    private Task _keepaliveLoop = Task.CompletedTask;
    private readonly TextWriter? _trace;

    private JanusWebSocket(TextWriter? trace)
    {
        _trace = trace is null ? null : TextWriter.Synchronized(trace);
        Session = new JanusSession(SendAsync);
        _socket.Options.AddSubProtocol(SubProtocol);
    }

    public JanusSession Session { get; }

    /// <summary>Connects and creates the session; <paramref name="trace"/> gets every message sent ("&gt; ") and received ("&lt; "), one a line.</summary>
    public static async Task<JanusWebSocket> ConnectAsync(Uri server, CancellationToken cancellationToken, TextWriter? trace = null)
    {
        var connection = new JanusWebSocket(trace);
        try
        {
            await connection._socket.ConnectAsync(server, cancellationToken);
            connection._receiveLoop = connection.ReceiveLoopAsync();
            await connection.Session.CreateAsync(cancellationToken);
            connection._keepaliveLoop = connection.KeepaliveLoopAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task SendAsync(byte[] message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            _trace?.WriteLine("> " + Encoding.UTF8.GetString(message));
            await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
            {
                WebSocketReceiveResult result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    string text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                    _trace?.WriteLine("< " + text.ReplaceLineEndings(" "));
                    Session.OnMessage(text);
                    message.SetLength(0);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closing, or Janus went away: pending requests time out with their own message.
        }
    }

    private async Task KeepaliveLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(KeepaliveInterval, _stop.Token);
                await Session.KeepaliveAsync(_stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or JanusException)
        {
            // A lost keepalive shows up as Janus's "timeout" event or as requests that fail.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                if (Session.SessionId != 0)
                {
                    await SendAsync(Encoding.UTF8.GetBytes($"{{\"janus\":\"destroy\",\"session_id\":{Session.SessionId},\"transaction\":\"bye\"}}"), timeout.Token);
                }

                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }

        _stop.Cancel();
        await Task.WhenAll(_receiveLoop, _keepaliveLoop).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
