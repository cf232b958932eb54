using System.Collections.Concurrent;
using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;

namespace Sfu.Client;

/// <summary>
/// The signaling a browser's page would do, against an in-process <see cref="ISfuEngine"/>: creates the peer session,
/// offers what the client publishes and applies the answer, and answers every server offer in order. Glare follows
/// perfect negotiation with the client as the polite side: when the engine refuses our offer as glare, we roll it back,
/// answer the server's pending offer, and offer again. All steps of one client run one at a time (an async gate); server
/// offers arrive on the engine's event queue and are answered from there without blocking it.
/// </summary>
public sealed class EngineSignaling : IPeerSessionObserver, IDisposable
{
    private const int MaxGlareRetries = 20;
    private static readonly TimeSpan GlareOfferWait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentQueue<string> _serverOffers = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<VideoPauseEvent> _videoPauses = new();
    private readonly SemaphoreSlim _offerArrived = new(0);
    private IPeerSession? _session;
    private int _negotiations;
    private int _serverOffersAnswered;
    private int _glares;
    private int _mediaConnected;
    private int _negotiatedRemoteTracks;
    private volatile string? _activeSpeaker;
    private volatile string? _closedReason;
    private volatile bool _disposed;
    private volatile bool _holdServerOffers;

    private EngineSignaling(ClientPeer peer)
    {
        Peer = peer;
    }

    public ClientPeer Peer { get; }

    public IPeerSession Session => _session ?? throw new InvalidOperationException("not joined");

    /// <summary>Offer/answer exchanges completed (ours and the server's).</summary>
    public int Negotiations => Volatile.Read(ref _negotiations);

    public int ServerOffersAnswered => Volatile.Read(ref _serverOffersAnswered);

    /// <summary>Times our offer crossed a server offer and was rolled back.</summary>
    public int Glares => Volatile.Read(ref _glares);

    /// <summary>Remote tracks the server has both offered and seen our answer to: it forwards them from now on.</summary>
    public int NegotiatedRemoteTracks => Volatile.Read(ref _negotiatedRemoteTracks);

    /// <summary>Negotiation failures, in order (empty when all went well).</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>The server's stream allocator paused or resumed remote videos for this participant, in order.</summary>
    public IReadOnlyCollection<VideoPauseEvent> VideoPauses => _videoPauses;

    public string? ActiveSpeaker => _activeSpeaker;

    /// <summary>
    /// While true, server offers are queued and not answered on their own, like a page still busy when one arrives; the
    /// next <see cref="RenegotiateAsync"/> then crosses the queued offer (glare) and resolves it as the polite side.
    /// </summary>
    public bool HoldServerOffers
    {
        get => _holdServerOffers;
        set => _holdServerOffers = value;
    }

    /// <summary>Server offers received and not answered yet.</summary>
    public int QueuedServerOffers => _serverOffers.Count;

    /// <summary>True once the engine reported this participant's ICE and DTLS complete.</summary>
    public bool MediaConnected => Volatile.Read(ref _mediaConnected) > 0;

    public string? TransportClosedReason => _closedReason;

    /// <summary>
    /// Joins <paramref name="roomId"/> as the peer's participant and, when it publishes anything, offers it and applies the
    /// answer. A peer that only receives waits for the server's offer instead, as a browser with no tracks would.
    /// </summary>
    /// <param name="offerDelay">
    /// Time between joining and offering, like a page that publishes once getUserMedia resolves. Server offers that
    /// arrive meanwhile wait, so a delay longer than the engine's renegotiation debounce makes our offer cross one (glare).
    /// </param>
    public static async Task<EngineSignaling> JoinAsync(ISfuEngine engine, string roomId, ClientPeer peer, TimeSpan offerDelay = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(peer);
        var signaling = new EngineSignaling(peer);
        await signaling._gate.WaitAsync().ConfigureAwait(false);
        try
        {
            signaling._session = await engine.CreatePeerAsync(roomId, peer.ParticipantId, signaling).ConfigureAwait(false);
            if (peer.HasTracksToOffer)
            {
                if (offerDelay > TimeSpan.Zero)
                {
                    await Task.Delay(offerDelay).ConfigureAwait(false);
                }

                await signaling.OfferAsync().ConfigureAwait(false);
            }

            await signaling.AnswerQueuedAsync().ConfigureAwait(false);
        }
        finally
        {
            signaling._gate.Release();
        }

        return signaling;
    }

    /// <summary>Offers again (e.g. after publishing), resolving glare.</summary>
    public async Task RenegotiateAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await OfferAsync().ConfigureAwait(false);
            await AnswerQueuedAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    void IPeerSessionObserver.OnServerOffer(string offerSdp)
    {
        _serverOffers.Enqueue(offerSdp);
        _offerArrived.Release();
        _ = DrainServerOffersAsync();
    }

    void IPeerSessionObserver.OnRemoteTrack(RemoteTrackInfo track, bool added)
    {
    }

    void IPeerSessionObserver.OnActiveSpeaker(string participantId) => _activeSpeaker = participantId;

    void IPeerSessionObserver.OnMediaConnected() => Interlocked.Increment(ref _mediaConnected);

    void IPeerSessionObserver.OnTransportClosed(string reason) => _closedReason = reason;

    private async Task DrainServerOffersAsync()
    {
        if (_holdServerOffers)
        {
            return;
        }

        try
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                await AnswerQueuedAsync().ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception ex)
        {
            // Nothing may escape a fire-and-forget task; keep the reason for the tests.
            _errors.Enqueue($"{Peer.ParticipantId}: {ex.Message}");
        }
    }

    private async Task OfferAsync()
    {
        for (int attempt = 0; attempt < MaxGlareRetries && !_disposed; attempt++)
        {
            string offer = Peer.CreateOffer();
            NegotiationResult result = await Session.HandleOfferAsync(offer).ConfigureAwait(false);
            if (result.IsGlare)
            {
                // Polite peer: roll back, answer the server's offer (it may still be on its way), offer again.
                Peer.RollbackOffer();
                Interlocked.Increment(ref _glares);
                await WaitForServerOfferAsync().ConfigureAwait(false);
                await AnswerQueuedAsync().ConfigureAwait(false);
                continue;
            }

            if (!result.Succeeded)
            {
                Peer.RollbackOffer();
                throw new InvalidOperationException($"{Peer.ParticipantId}: the server refused the offer: {result.Error}");
            }

            Peer.ApplyAnswer(result.Sdp!);
            OnNegotiated();
            return;
        }

        throw new InvalidOperationException($"{Peer.ParticipantId}: the offer kept crossing server offers ({MaxGlareRetries} tries)");
    }

    private async Task WaitForServerOfferAsync()
    {
        // The refused offer proves a server offer is pending; the engine's event queue delivers it shortly.
        long deadline = Environment.TickCount64 + (long)GlareOfferWait.TotalMilliseconds;
        while (_serverOffers.IsEmpty && Environment.TickCount64 < deadline)
        {
            await _offerArrived.WaitAsync(TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
        }
    }

    private async Task AnswerQueuedAsync()
    {
        while (!_disposed && _serverOffers.TryDequeue(out string? offer))
        {
            string answer;
            try
            {
                answer = Peer.AnswerOffer(offer);
            }
            catch (Exception ex)
            {
                _errors.Enqueue($"{Peer.ParticipantId}: {ex.Message}");
                continue;
            }

            NegotiationResult result = await Session.HandleAnswerAsync(answer).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                // The server drops a refused answer's offer and sends a fresh one; keep the reason for the tests.
                _errors.Enqueue($"{Peer.ParticipantId}: {result.Error}");
                continue;
            }

            Interlocked.Increment(ref _serverOffersAnswered);
            OnNegotiated();
        }
    }

    private void OnNegotiated()
    {
        Interlocked.Increment(ref _negotiations);
        Volatile.Write(ref _negotiatedRemoteTracks, Peer.ReceivingTracks.Count);
    }

    void IPeerSessionObserver.OnVideoPaused(string publisherId, string trackId, bool paused, string reason) =>
        _videoPauses.Enqueue(new VideoPauseEvent(publisherId, trackId, paused, reason));

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _session?.Dispose();
    }
}

/// <summary>One videoPaused notice from the server: a remote video paused (or resumed) for "bandwidth" or "hidden".</summary>
public sealed record VideoPauseEvent(string PublisherId, string TrackId, bool Paused, string Reason);
