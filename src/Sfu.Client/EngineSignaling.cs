using System.Collections.Concurrent;
using Sfu.Engine;
using Sfu.Routing;

namespace Sfu.Client;

/// <summary>
/// The signaling a browser's page would do, against an in-process <see cref="ISfuEngine"/>: creates the peer session,
/// offers what the client publishes and applies the answer, and answers every server offer in order. Glare follows
/// perfect negotiation with the client as the polite side: when <see cref="IPeerSession.HandleOffer"/> refuses our
/// offer as glare, we roll it back, answer the server's pending offer, and offer again. All steps of one client are
/// serialized; server offers arrive on the engine's thread and are answered on the thread pool (the observer must not block).
/// </summary>
public sealed class EngineSignaling : IPeerSessionObserver, IDisposable
{
    private const int MaxGlareRetries = 20;
    private static readonly TimeSpan GlareOfferWait = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly ConcurrentQueue<string> _serverOffers = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly SemaphoreSlim _offerArrived = new(0);
    private IPeerSession? _session;
    private int _negotiations;
    private int _serverOffersAnswered;
    private int _glares;
    private int _negotiatedRemoteTracks;
    private volatile string? _activeSpeaker;
    private volatile string? _closedReason;
    private bool _disposed;

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

    public string? ActiveSpeaker => _activeSpeaker;

    public string? TransportClosedReason => _closedReason;

    /// <summary>
    /// Joins <paramref name="roomId"/> as the peer's participant and, when it publishes anything, offers it and applies the
    /// answer. A peer that only receives waits for the server's offer instead, as a browser with no tracks would.
    /// </summary>
    /// <param name="offerDelay">
    /// Time between joining and offering, like a page that publishes once getUserMedia resolves. Server offers that
    /// arrive meanwhile wait, so a delay longer than the engine's renegotiation debounce makes our offer cross one (glare).
    /// </param>
    public static EngineSignaling Join(ISfuEngine engine, string roomId, ClientPeer peer, TimeSpan offerDelay = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(peer);
        var signaling = new EngineSignaling(peer);
        lock (signaling._gate)
        {
            signaling._session = engine.CreatePeer(roomId, peer.ParticipantId, signaling);
            if (peer.HasTracksToOffer)
            {
                if (offerDelay > TimeSpan.Zero)
                {
                    Thread.Sleep(offerDelay);
                }

                signaling.OfferLocked();
            }

            signaling.AnswerQueuedLocked();
        }

        return signaling;
    }

    /// <summary>Offers again (e.g. after publishing), resolving glare.</summary>
    public void Renegotiate()
    {
        lock (_gate)
        {
            OfferLocked();
            AnswerQueuedLocked();
        }
    }

    void IPeerSessionObserver.OnServerOffer(string offerSdp)
    {
        _serverOffers.Enqueue(offerSdp);
        _offerArrived.Release();
        ThreadPool.UnsafeQueueUserWorkItem(static self => self.DrainServerOffers(), this, preferLocal: false);
    }

    void IPeerSessionObserver.OnRemoteTrack(RemoteTrackInfo track, bool added)
    {
    }

    void IPeerSessionObserver.OnActiveSpeaker(string participantId) => _activeSpeaker = participantId;

    void IPeerSessionObserver.OnTransportClosed(string reason) => _closedReason = reason;

    private void DrainServerOffers()
    {
        lock (_gate)
        {
            AnswerQueuedLocked();
        }
    }

    private void OfferLocked()
    {
        for (int attempt = 0; attempt < MaxGlareRetries && !_disposed; attempt++)
        {
            string offer = Peer.CreateOffer();
            string answer;
            try
            {
                answer = Session.HandleOffer(offer);
            }
            catch (SdpNegotiationException ex) when (ex.IsGlare)
            {
                // Polite peer: roll back, answer the server's offer (it was sent before the refusal), offer again.
                Peer.RollbackOffer();
                Interlocked.Increment(ref _glares);
                WaitForServerOfferLocked();
                AnswerQueuedLocked();
                continue;
            }

            Peer.ApplyAnswer(answer);
            OnNegotiated();
            return;
        }

        throw new InvalidOperationException($"{Peer.ParticipantId}: the offer kept crossing server offers ({MaxGlareRetries} tries)");
    }

    private void WaitForServerOfferLocked()
    {
        // The refused offer proves a server offer is pending, and the engine sends it before it can refuse ours; the wait
        // only guards against a bug there.
        long deadline = Environment.TickCount64 + (long)GlareOfferWait.TotalMilliseconds;
        while (_serverOffers.IsEmpty && Environment.TickCount64 < deadline)
        {
            _offerArrived.Wait(TimeSpan.FromMilliseconds(50));
        }
    }

    private void AnswerQueuedLocked()
    {
        while (!_disposed && _serverOffers.TryDequeue(out string? offer))
        {
            try
            {
                string answer = Peer.AnswerOffer(offer);
                Session.HandleAnswer(answer);
                Interlocked.Increment(ref _serverOffersAnswered);
                OnNegotiated();
            }
            catch (Exception ex)
            {
                // The server drops a refused answer's offer and sends a fresh one; keep the reason for the tests. Nothing
                // may escape: this runs on the thread pool, where an exception would end the process.
                _errors.Enqueue($"{Peer.ParticipantId}: {ex.Message}");
            }
        }
    }

    private void OnNegotiated()
    {
        Interlocked.Increment(ref _negotiations);
        Volatile.Write(ref _negotiatedRemoteTracks, Peer.ReceivingTracks.Count);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _session?.Dispose();
    }
}
