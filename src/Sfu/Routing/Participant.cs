using Sfu.Congestion;
using Sfu.Diagnostics;
using Sfu.Negotiation;
using Sfu.Transport;
using Sfu.Wire.Rtp;
using Sfu.Wire.Sdp;

namespace Sfu.Routing;

/// <summary>
/// One browser in a router, on the media worker thread: it owns the browser's transport and wires the parts that each
/// do one job. <see cref="RtpDemuxer"/> routes RTP to producers, <see cref="PublishedTracks"/> keeps the producers in
/// step with the SDP, <see cref="SessionNegotiator"/> runs offer/answer, <see cref="RtcpReceiver"/> and
/// <see cref="RtcpScheduler"/> handle RTCP in and out. It reaches the router only through <see cref="IRoutingListener"/>.
/// </summary>
public sealed class Participant : ITransportListener, INegotiationHost
{
    private readonly IParticipantListener _listener;
    private readonly RoutingContext _context;
    private readonly IParticipantSender _sender;
    private readonly RtpDemuxer _demux;
    private readonly ConsumerSet _consumers = new();
    private readonly PublishedTracks _published;
    private readonly SessionNegotiator _negotiator;
    private readonly RtcpReceiver _rtcpIn;
    private readonly RtcpScheduler _rtcpOut;
    private readonly TransportCcRecorder _transportCc = new();
    private readonly SubscriberAllocation _allocation;
    private readonly SubscriberBandwidthEstimator _bandwidth;
    private readonly TransportWideSequencer _sequencer;
    private readonly ProbeSender _probes;
    private int _transportCcId;
    private IRoutingListener? _routing;
    private IProducerListener _producerListener = Unrouted.Instance;
    private IConsumerListener _consumerListener = Unrouted.Instance;
    private bool _subscriptionLimitLogged;

    public Participant(string participantId, IParticipantListener listener, RoutingContext context, Func<ITransportListener, WebRtcTransport> createTransport)
        : this(participantId, listener, context, createTransport, TransportPacketSender.Create)
    {
    }

    /// <param name="createSender">Where the participant's RTP and RTCP go: its transport, or a recorder in tests.</param>
    internal Participant(
        string participantId,
        IParticipantListener listener,
        RoutingContext context,
        Func<ITransportListener, WebRtcTransport> createTransport,
        Func<WebRtcTransport, IParticipantSender> createSender)
    {
        ParticipantId = participantId;
        _listener = listener;
        _context = context;
        RtcpSsrc = context.NewSsrc();
        Transport = createTransport(this);
        _bandwidth = new SubscriberBandwidthEstimator(context.SubscriberBandwidth);
        _sequencer = new TransportWideSequencer(createSender(Transport), _bandwidth, context.NowTicks);
        _sender = _sequencer;
        _probes = new ProbeSender(_bandwidth, _sequencer, _consumers, context);
        _demux = new RtpDemuxer(_sender);
        _rtcpOut = new RtcpScheduler(RtcpSsrc, _demux, _consumers, _transportCc, _sender, context);
        _rtcpIn = new RtcpReceiver(_demux, _consumers, _bandwidth, context);
        _published = new PublishedTracks(participantId, _demux, context, _rtcpOut);
        _allocation = new SubscriberAllocation(_consumers, listener, _bandwidth, context.LayerUpSwitchHoldTicks);
        _negotiator = new SessionNegotiator(
            participantId, context.CodecPolicy, _consumers, this, context.Logger, context.NowTicks() + context.BrowserFirstOfferWaitTicks);
    }

    public string ParticipantId { get; }

    public WebRtcTransport Transport { get; }

    /// <summary>The SSRC the server uses as sender of RTCP feedback to this participant.</summary>
    public uint RtcpSsrc { get; }

    public bool IsMediaReady => Transport.State == TransportState.Connected;

    /// <summary>
    /// The send-side estimate of the link to this participant (fed by its transport-cc feedback) and where its stream
    /// allocator says how much it wants, so the estimator probes upward when that is more.
    /// </summary>
    public ISubscriberBandwidth Bandwidth => _bandwidth;

    /// <summary>The estimator behind <see cref="Bandwidth"/>, for statistics and tests.</summary>
    internal SubscriberBandwidthEstimator BandwidthEstimator => _bandwidth;

    public IEnumerable<Producer> Producers => _demux.Producers;

    public IReadOnlyList<Consumer> Consumers => _consumers.All;

    public int ProducerCount => _demux.Count;

    public int ConsumerCount => _consumers.Count;

    public bool IsClosed { get; private set; }

    public bool HasPendingOffer => _negotiator.HasPendingOffer;

    /// <summary>
    /// Whether this participant needs every 10 ms tick: media flows (NACKs are due within milliseconds) or a server offer
    /// is scheduled. Anything else it does on a tick (consent and ICE timeouts, counted in seconds) can wait for the
    /// router's slow ticks, so idle participants cost next to nothing.
    /// </summary>
    internal bool NeedsEveryTick => IsMediaReady || _negotiator.RenegotiateAtTicks != long.MaxValue;

    /// <summary>What was last agreed with the browser; null before the first exchange.</summary>
    internal NegotiatedSession? Negotiated => _negotiator.Negotiated;

    internal IParticipantListener Listener => _listener;

    LocalTransportParameters INegotiationHost.LocalParameters =>
        new(Transport.Ice.LocalUfrag, Transport.Ice.LocalPwd, _context.Fingerprint, _context.Candidates);

    /// <summary>
    /// Answers a browser offer; creates, updates and removes this participant's producers to match it. An offer that
    /// publishes more than <see cref="RoutingContext.MaxPublishedTracks"/> tracks is refused before anything changes.
    /// </summary>
    public NegotiationResult ApplyOffer(SessionDescription offer) =>
        OfferLimits.CheckPublishedTracks(offer, _context.MaxPublishedTracks) is { } refusal
            ? NegotiationResult.Failed(refusal)
            : _negotiator.ApplyOffer(offer, _context.NowTicks());

    /// <summary>Applies the browser's answer to our pending offer.</summary>
    public NegotiationResult ApplyAnswer(SessionDescription answer) => _negotiator.ApplyAnswer(answer, _context.NowTicks());

    /// <summary>The browser announced a track its next offer carries: server offers wait for that offer a while.</summary>
    public void ExpectBrowserOffer() => _negotiator.ExpectBrowserOffer(_context.NowTicks() + _context.BrowserFirstOfferWaitTicks);

    /// <summary>Mutes or unmutes a published track (now, or for the producer a later offer creates).</summary>
    public void SetTrackMuted(string trackId, bool muted)
    {
        _published.SetMuted(trackId, muted);
        long now = _context.NowTicks();
        foreach (Producer producer in _demux.Producers)
        {
            if (producer.TrackId == trackId)
            {
                _routing?.OnProducerMuted(producer, muted, now);
            }
        }
    }

    /// <summary>Replaces how this subscriber shows the videos it receives (signaling's videoPreferences) and reallocates at once.</summary>
    public void SetVideoPreferences(IReadOnlyList<VideoPreference> preferences, string? activeSpeakerId)
    {
        _allocation.SetPreferences(preferences);
        long now = _context.NowTicks();
        AllocateStreams(activeSpeakerId, now);
        _routing?.OnStreamsReallocated(now);
    }

    /// <summary>
    /// One stream allocation round: which layer of each video this subscriber gets, and which videos pause. The estimate
    /// limits it once the subscriber's transport-cc feedback (or, without transport-cc, its REMB) has reached the
    /// estimator; a subscriber that sends neither would otherwise be held at the estimator's start rate forever, so it
    /// has no limit.
    /// </summary>
    internal void AllocateStreams(string? activeSpeakerId, long nowTicks)
    {
        _allocation.UseEstimate = (_sequencer.ExtensionId > 0 && _bandwidth.FeedbackMessages > 0) || _bandwidth.RembMessages > 0;
        _allocation.Run(activeSpeakerId, nowTicks);
    }

    public void OnTransportConnected(WebRtcTransport transport)
    {
        _listener.OnMediaConnected();

        // Video that was waiting for the transport starts with a keyframe.
        long now = _context.NowTicks();
        foreach (Consumer consumer in _consumers)
        {
            if (consumer.IsNegotiated)
            {
                consumer.RequestKeyframe(now);
            }
        }
    }

    public void OnRtp(WebRtcTransport transport, Span<byte> packet, long nowTicks)
    {
        if (!RtpHeader.TryRead(packet, out RtpHeader header))
        {
            SfuMetrics.CountDrop(DropReason.Malformed);
            return;
        }

        // Transport-wide CC acknowledges every packet of the transport, whatever happens to it next: RTX, padding
        // probes and packets of unknown SSRCs are what the browser's estimator sent too, so they are recorded first.
        if (_transportCcId > 0
            && RtpHeaderExtensions.TryFind(packet, header, _transportCcId, out ReadOnlySpan<byte> value)
            && TransportSequenceNumberExtension.TryRead(value, out ushort transportSequence))
        {
            _transportCc.OnPacket(transportSequence, transport.ArrivalTicks(nowTicks));
        }

        if (_demux.TryRoute(ref packet, ref header, out Producer? producer, out int layer, out bool retransmission))
        {
            producer!.OnRtp(packet, header, layer, nowTicks, retransmission);
        }
    }

    public void OnRtcp(WebRtcTransport transport, Span<byte> packet, long nowTicks) => _rtcpIn.OnRtcp(packet, nowTicks);

    public void OnTransportClosed(WebRtcTransport transport, string reason)
    {
        if (!IsClosed)
        {
            _listener.OnTransportClosed(reason);
            _routing?.OnParticipantClosed(this);
        }
    }

    void INegotiationHost.OnNegotiated(NegotiatedSession session, long nowTicks)
    {
        if (Transport.Ice.RemoteUfrag != session.RemoteIceUfrag)
        {
            // First negotiation, or an ICE restart (new remote credentials): our side stays, the browser re-checks and DTLS goes on.
            Transport.SetRemoteIce(session.RemoteIceUfrag, session.RemoteIcePwd);
        }

        Transport.RemoteFingerprint ??= session.RemoteFingerprint.Value;

        // Bundled m= lines share extension ids (RFC 8843 section 9.2); without the extension there is nothing to acknowledge.
        _transportCcId = session.HeaderExtensionIds.TryGetValue(RtpExtensionUris.TransportWideCc, out int transportCcId) ? transportCcId : 0;
        _sequencer.ExtensionId = _transportCcId is > 0 and < 15 ? _transportCcId : 0;
        List<Producer> added = [];
        List<Producer> removed = [];
        _published.Apply(session, _producerListener, added, removed);
        foreach (Producer producer in added)
        {
            _routing?.OnProducerAdded(this, producer);
        }

        foreach (Producer producer in removed)
        {
            _routing?.OnProducerRemoved(this, producer);
            producer.Dispose();
        }
    }

    void INegotiationHost.OnServerOffer(string offerSdp) => _listener.OnServerOffer(offerSdp);

    /// <summary>Joins a router: from now on producers report to it and consumers are created for it.</summary>
    internal void Attach(IRoutingListener routing, IProducerListener producers, IConsumerListener consumers)
    {
        if (_demux.Count > 0)
        {
            // Producers made earlier report to nobody; the engine adds a participant to its router before any SDP.
            throw new InvalidOperationException("a participant joins its router before it negotiates");
        }

        _routing = routing;
        _producerListener = producers;
        _consumerListener = consumers;
    }

    /// <summary>
    /// Starts receiving another participant's producer; the next server offer announces it. Null, counted and logged
    /// once, when this participant already receives <see cref="RoutingContext.MaxSubscriptions"/> tracks: the producer
    /// is left out rather than the subscriber failed.
    /// </summary>
    internal Consumer? TryAddConsumer(Producer producer)
    {
        if (_consumers.Count >= _context.MaxSubscriptions)
        {
            SfuMetrics.CountSubscriptionRefused();
            if (!_subscriptionLimitLogged)
            {
                _subscriptionLimitLogged = true;
                EngineLog.SubscriptionLimitReached(_context.Logger, ParticipantId, _context.MaxSubscriptions);
            }

            return null;
        }

        // Video gets an RTX SSRC when its codecs have RTX: it carries this subscriber's bandwidth probes (ProbeSender).
        uint rtxSsrc = producer.Kind == MediaKind.Video && HasRtx(producer) ? _context.NewSsrc() : 0;
        var consumer = new Consumer(ParticipantId, producer, _context.NewSsrc(), _sender, _consumerListener, rtxSsrc);
        _consumers.Add(consumer);
        _listener.OnRemoteTrack(TrackInfo(producer), added: true);
        _negotiator.ScheduleRenegotiation(_context.NowTicks());
        return consumer;
    }

    private static bool HasRtx(Producer producer)
    {
        foreach (NegotiatedCodec codec in producer.Codecs)
        {
            if (codec.RtxPayloadType is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Stops receiving a producer that went away; the next server offer stops its m= line.</summary>
    internal void RemoveConsumersOf(Producer producer)
    {
        for (int i = _consumers.Count - 1; i >= 0; i--)
        {
            if (_consumers[i].Producer == producer)
            {
                SubscriberAllocation.Forget(_consumers[i]);
                _consumers[i].Close();
                _consumers.RemoveAt(i);
                if (!IsClosed)
                {
                    _listener.OnRemoteTrack(TrackInfo(producer), added: false);
                    _negotiator.ScheduleRenegotiation(_context.NowTicks());
                }
            }
        }
    }

    /// <summary>Called about every 10 ms by the router: consent, NACKs, periodic RTCP, pending renegotiation.</summary>
    internal void Tick(long nowTicks)
    {
        Transport.Tick(nowTicks);
        if (IsClosed)
        {
            return;
        }

        _rtcpOut.Tick(nowTicks);
        _probes.Tick(nowTicks);
        _negotiator.Tick(nowTicks);
    }

    /// <summary>Releases what this participant owns; the router has already unlinked its producers and consumers.</summary>
    internal void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        _consumers.Clear();
        foreach (Producer producer in _demux.Producers)
        {
            producer.Dispose();
        }

        _demux.Clear();
        _routing = null;
        Transport.Close("participant left");
    }

    private static RemoteTrackInfo TrackInfo(Producer producer) => new(producer.PublisherId, producer.StreamId, producer.TrackId, producer.Kind);
}
