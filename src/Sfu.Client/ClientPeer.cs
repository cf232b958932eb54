using System.Net.Sockets;
using System.Net;
using System.Security.Cryptography;
using Sfu.Crypto.Srtp;
using Sfu.Dtls;
using Sfu.Engine;
using Sfu.Ice;
using Sfu.Negotiation;
using Sfu.Streams;
using Sfu.Wire.Sdp;

namespace Sfu.Client;

/// <summary>
/// A synthetic WebRTC participant built on our own stack, no browser: one UDP socket with a receive thread, a
/// browser-like SDP offer/answer (<see cref="ClientNegotiator"/>), ICE as the controlling agent, DTLS client,
/// SRTP, and a synthetic Opus/VP8 source. Used by the integration tests and the load generator to talk to the SFU
/// exactly as a browser would. Signaling runs in this file, the transport in ClientPeer.Transport.cs, the receive
/// path in ClientPeer.Receive.cs, media sending in ClientPeer.Send.cs, NACK and RTX in ClientPeer.Nack.cs.
/// </summary>
public sealed partial class ClientPeer : IDisposable
{
    private readonly ClientPeerOptions _options;
    private readonly TimeProvider _time;
    private readonly Socket _socket;
    private readonly ClientNegotiator _negotiator;
    private readonly ClientIceAgent _ice;
    private readonly SyntheticAudioSource? _audio;
    private readonly SyntheticVideoSource? _video;
    private volatile Dictionary<uint, RemoteTrack> _tracksBySsrc = [];
    private volatile IReadOnlyList<RemoteTrack> _receivingTracks = [];
    private volatile TrackSendParameters? _audioSend;
    private volatile TrackSendParameters? _videoSend;
    private volatile bool _disposed;

    public ClientPeer(ClientPeerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ParticipantId);
        options.Media.Validate();
        _options = options;
        _time = options.Time;
        _socket = CreateSocket(options);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        Certificate = DtlsCertificate.CreateSelfSigned();
        var tracks = new List<LocalTrack>(2);
        if (options.PublishAudio)
        {
            AudioTrack = new LocalTrack(MediaKind.Audio, options.ParticipantId + "-audio", NewSsrc(), 0);
            _audio = new SyntheticAudioSource(AudioTrack.Ssrc, options.Media);
            tracks.Add(AudioTrack);
        }

        if (options.PublishVideo)
        {
            VideoTrack = new LocalTrack(MediaKind.Video, options.ParticipantId + "-video", NewSsrc(), NewSsrc());
            _video = new SyntheticVideoSource(VideoTrack.Ssrc, options.Media);
            tracks.Add(VideoTrack);
        }

        IceCredentials credentials = IceCredentials.CreateLocal();
        _ice = new ClientIceAgent(credentials, options.IceRetransmitInterval, options.ConsentInterval, _time.TimestampFrequency);
        var local = new ClientLocalTransport(credentials.LocalUfrag, credentials.LocalPwd, Certificate.Sha256Fingerprint,
            LocalEndPoint.Address.ToString(), LocalEndPoint.Port, options.ParticipantId);
        _negotiator = new ClientNegotiator(local, tracks, OnCommitted);
        _dtlsChannel = new DtlsDatagramChannel(SendDtls);
        _iceTimer = new Timer(static state => ((ClientPeer)state!).OnIceTimer(), this, Timeout.Infinite, Timeout.Infinite);
        if (options.SendNacks)
        {
            _nackTracker = new ClientNackTracker(options.NackInterval.Ticks);
            _nackTimer = new Timer(static state => ((ClientPeer)state!).OnNackTimer(), this, options.NackInterval, options.NackInterval);
        }

        _history = options.RetransmitOnNack && options.PublishVideo ? new RetransmissionBuffer() : null;
        _receiveThread = new Thread(ReceiveLoop) { IsBackground = true, Name = "client-rx-" + options.ParticipantId };
        _receiveThread.Start();
    }

    public string ParticipantId => _options.ParticipantId;

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Our DTLS certificate; its fingerprint is in every description we write.</summary>
    public DtlsCertificate Certificate { get; }

    public LocalTrack? AudioTrack { get; }

    public LocalTrack? VideoTrack { get; }

    /// <summary>Tracks the server currently sends us, as the last completed negotiation announced them.</summary>
    public IReadOnlyList<RemoteTrack> ReceivingTracks => _receivingTracks;

    /// <summary>The server's transport from its first description, once known.</summary>
    public ServerTransport? RemoteTransport => _negotiator.RemoteTransport;

    /// <summary>True when some published track has no m= line yet (an offer is needed to publish it).</summary>
    public bool HasTracksToOffer => _negotiator.HasUnpublishedTracks;

    public bool HasPendingOffer => _negotiator.HasPendingOffer;

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

    private static Socket CreateSocket(ClientPeerOptions options)
    {
        IPAddress address = IPAddress.Parse(options.BindAddress);
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = options.SocketBufferBytes,
            SendBufferSize = options.SocketBufferBytes,
        };
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    private static uint NewSsrc() => (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);

    /// <summary>Runs on the signaling caller's thread after each completed offer/answer.</summary>
    private void OnCommitted(IReadOnlyList<ClientTransceiver> lines, ServerTransport transport)
    {
        if (!_ice.Credentials.HasRemote)
        {
            _ice.Credentials.SetRemote(transport.IceUfrag, transport.IcePwd);
            _serverAddress = transport.Candidate.Serialize();
        }

        var bySsrc = new Dictionary<uint, RemoteTrack>();
        var receiving = new List<RemoteTrack>();
        foreach (ClientTransceiver line in lines)
        {
            if (!line.Rejected && line.Direction.Receives() && line.Receiver is { } remote)
            {
                receiving.Add(remote);
                bySsrc[remote.Ssrc] = remote;
                if (remote.RtxSsrc != 0)
                {
                    bySsrc[remote.RtxSsrc] = remote;
                }
            }

            if (line.Sender is { } sender)
            {
                if (sender.Kind == MediaKind.Audio)
                {
                    _audioSend = TrackSendParameters.From(line);
                }
                else
                {
                    _videoSend = TrackSendParameters.From(line);
                }
            }
        }

        _tracksBySsrc = bySsrc;
        _receivingTracks = receiving;
        _nackSsrcs = NackableSsrcs(lines);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _iceTimer.Dispose();
        DisposeNack();
        _dtls?.Close();
        _dtlsChannel.Close();
        _socket.Dispose();
        if (Thread.CurrentThread != _receiveThread)
        {
            _receiveThread.Join(TimeSpan.FromSeconds(2));
        }

        _dtlsConnected.TrySetException(new ObjectDisposedException(nameof(ClientPeer)));
        lock (_sendGate)
        {
            _srtp?.Dispose();
            _srtp = null;
        }
    }
}
