using System.Net;
using System.Security.Cryptography;
using Sfu.Crypto.Srtp;
using Sfu.Dtls;
using Sfu.Engine;
using Sfu.Ice;
using Sfu.Negotiation;

namespace Sfu.Client;

/// <summary>
/// A synthetic WebRTC participant built on our own stack, no browser. Used by the integration tests and the load
/// generator to talk to the SFU exactly as a browser would. It wires single-purpose parts together: the browser-like
/// SDP offer/answer (<see cref="ClientNegotiator"/>), the sans-I/O transport core (<see cref="ClientTransport"/>: ICE as
/// the controlling agent, DTLS client, SRTP) driven by one UDP socket and its receive thread
/// (<see cref="ClientUdpEndpoint"/>) and an ICE timer, the synthetic Opus/VP8 sender (<see cref="ClientMediaSender"/>),
/// the receive accounting (<see cref="ClientMediaReceiver"/>) and the optional loss repair
/// (<see cref="ClientNackSender"/>, <see cref="ClientRetransmitter"/>).
/// </summary>
public sealed class ClientPeer : IDisposable
{
    private readonly ClientPeerOptions _options;
    private readonly TimeProvider _time;
    private readonly ClientUdpEndpoint _endpoint;
    private readonly ClientTransport _transport;
    private readonly ClientNegotiator _negotiator;
    private readonly ClientMediaSender _sender;
    private readonly ClientMediaReceiver _receiver;
    private readonly ClientNackSender? _nackSender;
    private readonly ClientRetransmitter? _retransmitter;
    private readonly ClientTransportCcFeedback? _transportCc;
    private readonly Timer _iceTimer;
    private int _iceStarted;
    private volatile bool _disposed;

    public ClientPeer(ClientPeerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ParticipantId);
        options.Media.Validate();
        _options = options;
        _time = options.Time;
        _endpoint = new ClientUdpEndpoint(options.BindAddress, options.SocketBufferBytes, _time);
        LocalEndPoint = _endpoint.LocalEndPoint;
        Certificate = DtlsCertificate.CreateSelfSigned();
        var tracks = new List<LocalTrack>(3);
        if (options.PublishAudio)
        {
            AudioTrack = new LocalTrack(MediaKind.Audio, options.ParticipantId + "-audio", NewSsrc(), 0);
            tracks.Add(AudioTrack);
        }

        if (options.PublishVideo)
        {
            VideoTrack = options.PublishSimulcast
                ? new LocalTrack(MediaKind.Video, options.ParticipantId + "-video", NewSsrc(), 0) { Layers = NewLayers() }
                : new LocalTrack(MediaKind.Video, options.ParticipantId + "-video", NewSsrc(), NewSsrc());
            tracks.Add(VideoTrack);
        }

        if (options.PublishScreen)
        {
            ScreenTrack = new LocalTrack(MediaKind.Video, options.ParticipantId + "-screen", NewSsrc(), NewSsrc());
            tracks.Add(ScreenTrack);
        }

        PublishedTracks = tracks;

        IceCredentials credentials = IceCredentials.CreateLocal();
        var receiver = new DeferredListener();
        _transport = new ClientTransport(credentials, Certificate, _endpoint, receiver, new ClientTransportOptions
        {
            SrtpProfiles = options.SrtpProfiles,
            DtlsTimeout = options.DtlsTimeout,
            IceRetransmitInterval = options.IceRetransmitInterval,
            ConsentInterval = options.ConsentInterval,
            TicksPerSecond = _time.TimestampFrequency,
            MaxSrtpSsrcs = options.MaxSrtpSsrcs,
        });
        _retransmitter = options.RetransmitOnNack && VideoTrack is { Layers: null }
            ? new ClientRetransmitter(_transport, _time, VideoTrack, (ushort)NewSsrc())
            : null;
        _nackSender = options.SendNacks ? new ClientNackSender(_transport, _time, options.NackInterval, NewSsrc()) : null;
        _sender = new ClientMediaSender(_transport, options.Media, _time, AudioTrack, VideoTrack, ScreenTrack, _retransmitter);
        _transportCc = options.SendTransportCcFeedback ? new ClientTransportCcFeedback(_transport, _time, NewSsrc()) : null;
        _receiver = new ClientMediaReceiver(AudioTrack, VideoTrack, ScreenTrack, _sender, _nackSender, _retransmitter, _transportCc);
        receiver.Target = _receiver;
        var local = new ClientLocalTransport(credentials.LocalUfrag, credentials.LocalPwd, Certificate.Sha256Fingerprint,
            LocalEndPoint.Address.ToString(), LocalEndPoint.Port, options.ParticipantId);
        _negotiator = new ClientNegotiator(local, tracks, OnCommitted);
        _iceTimer = new Timer(static state => ((ClientPeer)state!).OnIceTimer(), this, Timeout.Infinite, Timeout.Infinite);
        _endpoint.Start(_transport, "client-rx-" + options.ParticipantId);
    }

    public string ParticipantId => _options.ParticipantId;

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Our DTLS certificate; its fingerprint is in every description we write.</summary>
    public DtlsCertificate Certificate { get; }

    public LocalTrack? AudioTrack { get; }

    public LocalTrack? VideoTrack { get; }

    /// <summary>The second video track (<see cref="ClientPeerOptions.PublishScreen"/>), if published.</summary>
    public LocalTrack? ScreenTrack { get; }

    /// <summary>Every track this client publishes: audio, camera and screen, as configured.</summary>
    public IReadOnlyList<LocalTrack> PublishedTracks { get; }

    /// <summary>Tracks the server currently sends us, as the last completed negotiation announced them.</summary>
    public IReadOnlyList<RemoteTrack> ReceivingTracks => _receiver.ReceivingTracks;

    /// <summary>The server's transport from its first description, once known.</summary>
    public ServerTransport? RemoteTransport => _negotiator.RemoteTransport;

    /// <summary>True when some published track has no m= line yet (an offer is needed to publish it).</summary>
    public bool HasTracksToOffer => _negotiator.HasUnpublishedTracks;

    public bool HasPendingOffer => _negotiator.HasPendingOffer;

    /// <summary>True once DTLS completed and SRTP is keyed.</summary>
    public bool IsConnected => _transport.IsConnected;

    /// <summary>True after ICE's first successful check.</summary>
    public bool IsIceConnected => _transport.IsIceConnected;

    /// <summary>The protection profile DTLS agreed on.</summary>
    public SrtpProfile? SrtpProfile => _transport.SrtpProfile;

    /// <summary>True once an authenticated SRTP/SRTCP packet arrived from the server: its side is up too.</summary>
    public bool IsServerConfirmed => _transport.ServerConfirmed.IsCompleted;

    /// <summary>Authenticated RTP packets received so far, cheaper than a full <see cref="GetStats"/>.</summary>
    public long PacketsReceived => _receiver.PacketsReceived;

    /// <summary>Writes an offer: the agreed m= lines plus a sendonly line per unpublished track (setup:actpass).</summary>
    public string CreateOffer() => _negotiator.CreateOffer();

    /// <summary>Applies the server's answer to our last offer.</summary>
    /// <exception cref="ClientNegotiationException">The answer does not fit the offer.</exception>
    public void ApplyAnswer(string answerSdp) => _negotiator.ApplyAnswer(answerSdp);

    /// <summary>Drops our unanswered offer (the polite side of glare).</summary>
    public void RollbackOffer() => _negotiator.Rollback();

    /// <summary>Answers a server offer (rolling back any offer of ours in flight) and returns the answer (setup:active).</summary>
    /// <exception cref="ClientNegotiationException">The offer cannot be answered.</exception>
    public string AnswerOffer(string offerSdp) => _negotiator.AnswerOffer(offerSdp);

    /// <summary>
    /// Runs ICE (Binding requests with USE-CANDIDATE to the server's candidate) and then the DTLS client handshake,
    /// checking the server's certificate against the fingerprint of its description. Call after the first offer/answer.
    /// Completes when SRTP is keyed and the server proved its side is up (or <see cref="ClientPeerOptions.ServerSettleTime"/> passed).
    /// </summary>
    /// <exception cref="TimeoutException">ICE or DTLS did not complete within <paramref name="timeout"/>.</exception>
    /// <exception cref="DtlsHandshakeException">The handshake failed (fingerprint mismatch, no common SRTP profile...).</exception>
    public async Task ConnectAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ServerTransport remote = _negotiator.RemoteTransport
            ?? throw new InvalidOperationException("apply the server's answer (or answer its offer) before connecting");
        if (Interlocked.Exchange(ref _iceStarted, 1) == 0)
        {
            _transport.Start(remote, _time.GetTimestamp());
            long period = (long)_options.IceRetransmitInterval.TotalMilliseconds;
            _iceTimer.Change(0, Math.Max(1, period));
        }

        try
        {
            await _transport.Connected.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{ParticipantId}: not connected within {timeout.TotalSeconds:0.#} s (ICE connected: {IsIceConnected})");
        }

        try
        {
            await _transport.ServerConfirmed.WaitAsync(_options.ServerSettleTime, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A receive-only peer may hear nothing from the server until media flows; the settle time covers the gap.
        }
    }

    /// <summary>
    /// Sends <see cref="MediaSendPlan.AudioPackets"/> audio and <see cref="MediaSendPlan.VideoPackets"/> video packets
    /// (of the tracks this client publishes), packet i of a kind at start + i / rate. Completes when all are sent.
    /// </summary>
    public Task SendMediaAsync(MediaSendPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _sender.SendAsync(plan, "client-tx-" + ParticipantId, cancellationToken);
    }

    /// <summary>
    /// Drops received RTP beyond <paramref name="bitsPerSecond"/> (a token bucket on the receive path, like a policed
    /// link); 0 removes the limit. For throttling this subscriber in bandwidth estimation tests; any time, any thread.
    /// </summary>
    public void SetReceiveRateLimit(long bitsPerSecond) => _endpoint.ReceiveLimit.SetLimit(bitsPerSecond);

    /// <summary>Makes the next video frame a keyframe (as a PLI from the server does).</summary>
    public void RequestKeyframe() => _sender.RequestKeyframe();

    /// <summary>Adds the forward latencies of the stamped packets this peer received to <paramref name="into"/>.</summary>
    public void CopyForwardLatency(LatencyHistogram into) => _receiver.CopyLatency(into);

    public ClientStats GetStats()
    {
        var sent = new Dictionary<uint, long>(3);
        if (AudioTrack is not null)
        {
            sent[AudioTrack.Ssrc] = _sender.AudioSent;
        }

        if (VideoTrack?.Layers is { } layers)
        {
            foreach (SimulcastLayer layer in layers)
            {
                sent[layer.Ssrc] = _sender.LayerSent(layer.Index);
            }
        }
        else if (VideoTrack is not null)
        {
            sent[VideoTrack.Ssrc] = _sender.VideoSent;
        }

        if (ScreenTrack is not null)
        {
            sent[ScreenTrack.Ssrc] = _sender.ScreenSent;
        }

        ClientStats received = _receiver.Snapshot();
        return received with
        {
            SentBySsrc = sent,
            PacketsSent = sent.Values.Sum(),
            SrtpFailures = received.SrtpFailures + _transport.UnprotectFailures,
            SrtpReplays = _transport.Replays,
            PacketsBeforeKeys = _transport.PacketsBeforeKeys,
            NacksSent = _nackSender?.Read(t => t.NacksWritten) ?? 0,
            SequenceNumbersNacked = _nackSender?.Read(t => t.SequenceNumbersNacked) ?? 0,
            RecoveredAfterNack = _nackSender?.Read(t => t.Recovered) ?? 0,
            NackGivenUp = _nackSender?.Read(t => t.GivenUp) ?? 0,
            RetransmissionsSent = _retransmitter?.RetransmissionsSent ?? 0,
            RetransmissionsMissed = _retransmitter?.RetransmissionsMissed ?? 0,
            SendFailures = _sender.SendFailures,
            TransportCcFeedbackSent = _transportCc?.FeedbackSent ?? 0,
            ReceiveLimitDrops = _endpoint.ReceiveLimit.Dropped,
        };
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _iceTimer.Dispose();
        _nackSender?.Dispose();
        _transportCc?.Dispose();
        _sender.Stop();
        _transport.CloseDtls();
        _endpoint.Dispose();
        _transport.Dispose();
        _retransmitter?.Dispose();
    }

    private static uint NewSsrc() => (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);

    private static SimulcastLayer[] NewLayers()
    {
        var layers = new SimulcastLayer[SimulcastLayer.DefaultRids.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = new SimulcastLayer(SimulcastLayer.DefaultRids[i], i, NewSsrc(), SimulcastLayer.DefaultSlotDivisors[i]);
        }

        return layers;
    }

    /// <summary>Runs on the signaling caller's thread after each completed offer/answer.</summary>
    private void OnCommitted(IReadOnlyList<ClientTransceiver> lines, ServerTransport transport)
    {
        if (_transport.Remote is null)
        {
            _endpoint.SetServer(transport.Candidate);
        }

        IReadOnlyList<RemoteTrack> before = _receiver.ReceivingTracks;
        _receiver.OnCommitted(lines);
        ForgetEndedTracks(before, _receiver.ReceivingTracks);
        _sender.OnCommitted(lines);
        _nackSender?.OnCommitted(lines);
        _transportCc?.OnCommitted(lines);
    }

    /// <summary>
    /// The server stopped sending tracks (their publishers left): their SRTP state is freed, so a subscriber that
    /// outlives many publishers does not fill its session's SSRC table (the server sends each track on a fresh SSRC).
    /// </summary>
    private void ForgetEndedTracks(IReadOnlyList<RemoteTrack> before, IReadOnlyList<RemoteTrack> now)
    {
        var kept = new HashSet<uint>();
        foreach (RemoteTrack track in now)
        {
            kept.Add(track.Ssrc);
            kept.Add(track.RtxSsrc);
        }

        foreach (RemoteTrack track in before)
        {
            foreach (uint ssrc in (ReadOnlySpan<uint>)[track.Ssrc, track.RtxSsrc])
            {
                if (ssrc != 0 && !kept.Contains(ssrc))
                {
                    _transport.ForgetRemoteSsrc(ssrc);
                }
            }
        }
    }

    private void OnIceTimer()
    {
        if (!_disposed)
        {
            _transport.Poll(_time.GetTimestamp());
        }
    }

    /// <summary>The transport needs its listener before the receiver that needs the transport exists.</summary>
    private sealed class DeferredListener : IClientTransportListener
    {
        public IClientTransportListener? Target { get; set; }

        public void OnRtp(ReadOnlySpan<byte> packet) => Target?.OnRtp(packet);

        public void OnRtcp(ReadOnlySpan<byte> compound) => Target?.OnRtcp(compound);
    }
}
