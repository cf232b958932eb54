using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Sfu.Client;

namespace LoadGen.Remote;

/// <summary>
/// Our client stack (<see cref="ClientPeer"/>) on the server's real WebSocket signaling (<c>/ws</c>, docs/signaling.md):
/// join with a token, offer what the peer publishes and apply the answer, answer every server offer in order, and keep
/// the socket alive with pings. Glare is resolved as the polite side, as <see cref="EngineSignaling"/> does in process.
/// One message handler at a time per client (an async gate).
/// </summary>
internal sealed class WebSocketSignaling : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(10);
    private const int MaxGlareRetries = 20;

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentQueue<string> _serverOffers = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<JsonElement> _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<string>? _pendingAnswer;
    private string? _pendingOfferId;
    private int _requestIds;
    private int _negotiatedRemoteTracks;
    private Task _receiveLoop = Task.CompletedTask;
    private Task _pingLoop = Task.CompletedTask;

    private WebSocketSignaling(ClientPeer peer) => Peer = peer;

    public ClientPeer Peer { get; }

    public string? ParticipantId { get; private set; }

    public int NegotiatedRemoteTracks => Volatile.Read(ref _negotiatedRemoteTracks);

    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Connects to <paramref name="webSocketUri"/>, joins with <paramref name="token"/> and offers what the peer publishes.</summary>
    public static async Task<WebSocketSignaling> JoinAsync(Uri webSocketUri, string token, ClientPeer peer, CancellationToken cancellationToken)
    {
        var signaling = new WebSocketSignaling(peer);
        try
        {
            await signaling._socket.ConnectAsync(webSocketUri, cancellationToken);
            signaling._receiveLoop = signaling.ReceiveLoopAsync();
            signaling._pingLoop = signaling.PingLoopAsync();
            await signaling.SendAsync(new { type = "join", id = "join", token });
            JsonElement joined = await signaling._joined.Task.WaitAsync(ReplyTimeout, cancellationToken);
            signaling.ParticipantId = joined.TryGetProperty("participantId", out JsonElement id) ? id.GetString() : null;
            if (peer.HasTracksToOffer)
            {
                await signaling._gate.WaitAsync(cancellationToken);
                try
                {
                    await signaling.OfferAsync(cancellationToken);
                    await signaling.AnswerQueuedAsync();
                }
                finally
                {
                    signaling._gate.Release();
                }
            }

            return signaling;
        }
        catch
        {
            await signaling.DisposeAsync();
            throw;
        }
    }

    /// <summary>Handles one server message: replies complete what waits for them, server offers are answered in order.</summary>
    internal void OnMessage(string text)
    {
        using JsonDocument document = JsonDocument.Parse(text);
        JsonElement root = document.RootElement;
        string? type = root.TryGetProperty("type", out JsonElement t) ? t.GetString() : null;
        switch (type)
        {
            case "joined":
                _joined.TrySetResult(root.Clone());
                break;
            case "answer":
                _pendingAnswer?.TrySetResult(root.GetProperty("sdp").GetString()!);
                break;
            case "offer":
                _serverOffers.Enqueue(root.GetProperty("sdp").GetString()!);
                _ = DrainServerOffersAsync();
                break;
            case "error":
                OnError(root);
                break;
            case "leave":
                _errors.Enqueue("server sent leave: " + root.GetRawText());
                break;
        }
    }

    private void OnError(JsonElement root)
    {
        string code = root.TryGetProperty("code", out JsonElement c) ? c.GetString() ?? "" : "";
        string? id = root.TryGetProperty("id", out JsonElement i) ? i.GetString() : null;
        string message = $"{code}: {(root.TryGetProperty("message", out JsonElement m) ? m.GetString() : "")}";
        if (id == "join")
        {
            _joined.TrySetException(new InvalidOperationException("join refused: " + message));
            return;
        }

        if (id is not null && id == _pendingOfferId)
        {
            _pendingAnswer?.TrySetException(code == "glare" ? new GlareException() : new InvalidOperationException("offer refused: " + message));
            return;
        }

        _errors.Enqueue(message);
    }

    private async Task OfferAsync(CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < MaxGlareRetries; attempt++)
        {
            string offer = Peer.CreateOffer();
            string id = "o" + Interlocked.Increment(ref _requestIds);
            var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pendingOfferId = id;
            _pendingAnswer = answer;
            await SendAsync(new { type = "offer", id, sdp = offer });
            try
            {
                Peer.ApplyAnswer(await answer.Task.WaitAsync(ReplyTimeout, cancellationToken));
                OnNegotiated();
                return;
            }
            catch (GlareException)
            {
                // Polite peer: roll back, answer the server's offer (it may still be on its way), offer again.
                Peer.RollbackOffer();
                long deadline = Environment.TickCount64 + (long)ReplyTimeout.TotalMilliseconds;
                while (_serverOffers.IsEmpty && Environment.TickCount64 < deadline)
                {
                    await Task.Delay(20, cancellationToken);
                }

                await AnswerQueuedAsync();
            }
            finally
            {
                _pendingAnswer = null;
                _pendingOfferId = null;
            }
        }

        throw new InvalidOperationException($"{Peer.ParticipantId}: the offer kept crossing server offers");
    }

    private async Task DrainServerOffersAsync()
    {
        try
        {
            await _gate.WaitAsync(_stop.Token);
            try
            {
                await AnswerQueuedAsync();
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception ex)
        {
            _errors.Enqueue(ex.Message);
        }
    }

    private async Task AnswerQueuedAsync()
    {
        while (_serverOffers.TryDequeue(out string? offer))
        {
            string answer = Peer.AnswerOffer(offer);
            await SendAsync(new { type = "answer", sdp = answer });
            OnNegotiated();
        }
    }

    private void OnNegotiated() => Volatile.Write(ref _negotiatedRemoteTracks, Peer.ReceivingTracks.Count);

    private async Task SendAsync<T>(T message)
    {
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(message);
        await _sendLock.WaitAsync(_stop.Token);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
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
                if (!result.EndOfMessage)
                {
                    continue;
                }

                string text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                try
                {
                    OnMessage(text);
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ClientNegotiationException)
                {
                    _errors.Enqueue("bad server message: " + ex.Message);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closing, or the server went away; whoever waits for a reply times out with its own message.
        }

        _joined.TrySetException(new InvalidOperationException("the signaling socket closed"));
    }

    private async Task PingLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(PingInterval, _stop.Token);
                await SendAsync(new { type = "ping", id = "ping" });
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await SendAsync(new { type = "leave" });
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }

        _stop.Cancel();
        await Task.WhenAll(_receiveLoop, _pingLoop).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _stop.Dispose();
    }

    private sealed class GlareException() : Exception("glare");
}
