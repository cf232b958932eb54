using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text;
using Sfu.Client;
using Sfu.Engine;
using Sfu.Negotiation;

namespace Sfu.IntegrationTests.Resilience;

/// <summary>
/// What the web client's signaling does (docs/signaling.md), over the real /ws WebSocket, for one of our own
/// <see cref="ClientPeer"/>s: fetch a join token, join, publish the peer's tracks, offer them, answer every server offer,
/// resolve glare as the polite side, and resume after a dropped socket with the <c>resumeToken</c>. Messages of one
/// socket are handled one at a time, in order; every message received is kept for the test to inspect.
/// </summary>
internal sealed class WsParticipant : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly Uri _baseAddress;
    private readonly string _room;
    private readonly string _name;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentQueue<JsonElement> _received = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private ClientWebSocket? _socket;
    private Task _receiveLoop = Task.CompletedTask;
    private TaskCompletionSource<JsonElement> _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _offerAfterServerOffer;
    private int _requestId;
    private int _offersSent;
    private int _answersApplied;
    private int _serverOffersAnswered;
    private int _glares;

    private WsParticipant(HttpClient http, Uri baseAddress, string room, string name, ClientPeer peer)
    {
        _http = http;
        _baseAddress = baseAddress;
        _room = room;
        _name = name;
        Peer = peer;
    }

    public ClientPeer Peer { get; }

    public string ParticipantId { get; private set; } = string.Empty;

    public string ResumeToken { get; private set; } = string.Empty;

    /// <summary>Offers we sent plus server offers we answered: unchanged means no renegotiation happened.</summary>
    public int Negotiations => Volatile.Read(ref _offersSent) + Volatile.Read(ref _serverOffersAnswered);

    public int AnswersApplied => Volatile.Read(ref _answersApplied);

    public int Glares => Volatile.Read(ref _glares);

    /// <summary>Error replies and failures to apply a description (empty when all went well).</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Every message the server sent, over every socket, in order of arrival.</summary>
    public IReadOnlyList<JsonElement> Received => [.. _received];

    /// <summary>True when nothing is left to negotiate: our tracks are offered and answered, no offer is in flight.</summary>
    public bool IsSettled => !Peer.HasTracksToOffer && !Peer.HasPendingOffer && Peer.RemoteTransport is not null;

    public static async Task<WsParticipant> JoinAsync(HttpClient http, string room, string name, ClientPeer peer)
    {
        var participant = new WsParticipant(http, http.BaseAddress!, room, name, peer);
        JsonElement joined = await participant.ConnectAndJoinAsync(resumeToken: null);
        participant.ParticipantId = joined.GetProperty("participantId").GetString()!;
        participant.ResumeToken = joined.GetProperty("resumeToken").GetString()!;
        foreach (LocalTrack? track in new[] { peer.AudioTrack, peer.VideoTrack })
        {
            if (track is not null)
            {
                bool audio = track.Kind == MediaKind.Audio;
                await participant.SendAsync(new
                {
                    type = "publish",
                    trackId = track.TrackId,
                    streamId = peer.ParticipantId,
                    kind = audio ? "audio" : "video",
                    source = audio ? "microphone" : "camera",
                    muted = false,
                });
            }
        }

        await participant.MaybeOfferAsync();
        return participant;
    }

    /// <summary>Drops the socket without a close handshake, as a lost network would (no <c>leave</c>).</summary>
    public void AbortSocket() => _socket?.Abort();

    /// <summary>A new socket and <c>join</c> with the resume token (and a fresh join token, as the browser sends); returns <c>joined</c>.</summary>
    public Task<JsonElement> ResumeAsync() => ConnectAndJoinAsync(ResumeToken);

    private async Task<JsonElement> ConnectAndJoinAsync(string? resumeToken)
    {
        await global::Tests.Shared.TestMeetings.EnsureAsync(_http.BaseAddress!, _room);
        using HttpResponseMessage tokenResponse = await _http.PostAsJsonAsync($"/api/meetings/{_room}/join", new { displayName = _name });
        tokenResponse.EnsureSuccessStatusCode();
        string token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;

        await _receiveLoop.WaitAsync(ReplyTimeout); // the previous socket's loop has handled all it got
        _socket?.Dispose();
        _socket = new ClientWebSocket();
        await _socket.ConnectAsync(new UriBuilder(_baseAddress) { Scheme = "ws", Path = "/ws" }.Uri, CancellationToken.None);
        _joined = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiveLoop = ReceiveLoopAsync(_socket);
        object join = resumeToken is null
            ? new { type = "join", id = NextId(), token }
            : new { type = "join", id = NextId(), token, resumeToken };
        await SendAsync(join);
        return await _joined.Task.WaitAsync(ReplyTimeout);
    }

    private string NextId() => "r" + Interlocked.Increment(ref _requestId);

    private async Task SendAsync(object message)
    {
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(message);
        await _sendLock.WaitAsync();
        try
        {
            await _socket!.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync(ClientWebSocket socket)
    {
        byte[] buffer = new byte[256 * 1024];
        try
        {
            while (true)
            {
                int length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                JsonElement message = JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
                _received.Enqueue(message);
                await HandleAsync(message);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Aborted (by the test) or closed by the server.
        }
    }

    private async Task HandleAsync(JsonElement message)
    {
        try
        {
            switch (message.GetProperty("type").GetString())
            {
                case "joined":
                    _joined.TrySetResult(message);
                    break;
                case "answer":
                    Peer.ApplyAnswer(message.GetProperty("sdp").GetString()!);
                    Interlocked.Increment(ref _answersApplied);
                    await MaybeOfferAsync();
                    break;
                case "offer":
                    // Answering rolls back an offer of ours in flight (the server's offer wins; the glare error follows).
                    string answer = Peer.AnswerOffer(message.GetProperty("sdp").GetString()!);
                    await SendAsync(new { type = "answer", sdp = answer });
                    Interlocked.Increment(ref _serverOffersAnswered);
                    _offerAfterServerOffer = false;
                    await MaybeOfferAsync();
                    break;
                case "error" when message.GetProperty("code").GetString() == "glare":
                    Interlocked.Increment(ref _glares);
                    if (Peer.HasPendingOffer)
                    {
                        Peer.RollbackOffer();
                        _offerAfterServerOffer = true; // offer again once the server's offer is answered
                    }
                    else
                    {
                        await MaybeOfferAsync();
                    }

                    break;
                case "error":
                    _errors.Enqueue($"{_name}: {message.GetRawText()}");
                    _joined.TrySetException(new InvalidOperationException(message.GetRawText()));
                    break;
            }
        }
        catch (ClientNegotiationException e)
        {
            _errors.Enqueue($"{_name}: {e.Message}");
        }
    }

    private async Task MaybeOfferAsync()
    {
        if (!_offerAfterServerOffer && Peer.HasTracksToOffer && !Peer.HasPendingOffer)
        {
            string offer = Peer.CreateOffer();
            Interlocked.Increment(ref _offersSent);
            await SendAsync(new { type = "offer", id = NextId(), sdp = offer });
        }
    }

    /// <summary>Types of the messages received after the first <paramref name="skip"/>.</summary>
    public List<string> TypesSince(int skip) => [.. Received.Skip(skip).Select(m => m.GetProperty("type").GetString()!)];

    public async ValueTask DisposeAsync()
    {
        if (_socket is { State: WebSocketState.Open } socket)
        {
            try
            {
                await SendAsync(new { type = "leave" });
                await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException)
            {
                // The server is already gone.
            }
        }

        _socket?.Dispose();
        _sendLock.Dispose();
    }
}
