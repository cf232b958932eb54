using Sfu.Crypto.Srtp;
using Sfu.Dtls;
using Sfu.Ice;
using Sfu.Transport;

namespace Sfu.Client;

/// <summary>
/// The browser end of one WebRTC transport, without I/O: ICE as a full agent (Binding requests, with USE-CANDIDATE
/// when controlling, then consent checks; the server's own checks answered), the DTLS client handshake, SRTP/SRTCP protect and unprotect, and RFC 7983
/// demultiplexing of what arrives. Datagrams come in through <see cref="Receive"/> and leave through the
/// <see cref="IClientDatagramSender"/> it is handed; decrypted packets go to its <see cref="IClientTransportListener"/>;
/// time is a parameter. It owns no socket and no thread: only BouncyCastle's blocking handshake runs on a thread of
/// its own, and the records it writes leave through the sender on that thread. Receive, poll and sends may come from
/// different threads.
/// </summary>
public sealed class ClientTransport : IDisposable
{
    private readonly IClientDatagramSender _sender;
    private readonly IClientTransportListener _listener;
    private readonly ClientTransportOptions _options;
    private readonly ClientIceAgent _ice;
    private readonly DtlsDatagramChannel _dtlsChannel;
    private readonly object _iceGate = new();
    private readonly object _sendGate = new();
    private readonly object _receiveGate = new();
    private readonly byte[] _iceBuffer = new byte[256];
    private readonly byte[] _checkResponse = new byte[IceBindingResponder.MaxResponseLength];
    private readonly Queue<byte[]> _heldBeforeKeys = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _serverConfirmed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile SrtpSession? _srtp;
    private volatile ServerTransport? _remote;
    private DtlsHandshake? _dtls;
    private volatile bool _disposed;
    private long _unprotectFailures;
    private long _replays;
    private long _packetsBeforeKeys;

    /// <param name="localIce">Our ICE credentials, as our descriptions announce them.</param>
    /// <param name="certificate">Our DTLS certificate, whose fingerprint our descriptions announce.</param>
    /// <param name="sender">Sends datagrams to the server.</param>
    /// <param name="listener">Gets the decrypted RTP and RTCP.</param>
    /// <param name="options">Timers, SRTP profiles, the unit of time.</param>
    public ClientTransport(IceCredentials localIce, DtlsCertificate certificate, IClientDatagramSender sender, IClientTransportListener listener, ClientTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(localIce);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(listener);
        _options = options ?? new ClientTransportOptions();
        _sender = sender;
        _listener = listener;
        Certificate = certificate;
        _ice = new ClientIceAgent(localIce, _options.IceRetransmitInterval, _options.ConsentInterval, _options.TicksPerSecond);
        _dtlsChannel = new DtlsDatagramChannel(datagram => _sender.Send(datagram.Span));
    }

    public IceCredentials LocalIce => _ice.Credentials;

    public DtlsCertificate Certificate { get; }

    /// <summary>The server's transport given to <see cref="Start"/>.</summary>
    public ServerTransport? Remote => _remote;

    /// <summary>True after ICE's first successful check.</summary>
    public bool IsIceConnected
    {
        get
        {
            lock (_iceGate)
            {
                return _ice.IsConnected;
            }
        }
    }

    /// <summary>True while we are the controlling ICE agent (see <see cref="ServerTransport.WeControlIce"/>).</summary>
    public bool IsIceControlling
    {
        get
        {
            lock (_iceGate)
            {
                return _ice.IsControlling;
            }
        }
    }

    /// <summary>Connectivity checks from the server we answered (a full agent sends them; an ICE-lite server never does).</summary>
    public long IceChecksAnswered
    {
        get
        {
            lock (_iceGate)
            {
                return _ice.ChecksAnswered;
            }
        }
    }

    /// <summary>True once DTLS completed and SRTP is keyed.</summary>
    public bool IsConnected => _srtp is not null;

    /// <summary>The protection profile DTLS agreed on.</summary>
    public SrtpProfile? SrtpProfile { get; private set; }

    /// <summary>Completes when SRTP is keyed; faults with the <see cref="DtlsHandshakeException"/> when DTLS fails.</summary>
    public Task Connected => _connected.Task;

    /// <summary>Completes at the first authenticated SRTP/SRTCP packet from the server: its side is up too.</summary>
    public Task ServerConfirmed => _serverConfirmed.Task;

    /// <summary>Datagrams that failed SRTP/SRTCP authentication or decryption (replays not included).</summary>
    public long UnprotectFailures => Interlocked.Read(ref _unprotectFailures);

    /// <summary>Datagrams the replay window refused (duplicates or too old).</summary>
    public long Replays => Interlocked.Read(ref _replays);

    /// <summary>SRTP/SRTCP datagrams that arrived before our keys (held or dropped, see <see cref="ClientTransportOptions.MaxHeldBeforeKeys"/>).</summary>
    public long PacketsBeforeKeys => Interlocked.Read(ref _packetsBeforeKeys);

    /// <summary>
    /// Takes the server's credentials and fingerprint (from its first description) and arms ICE: the next
    /// <see cref="Poll"/> sends the first check. DTLS starts when a check succeeds. Call once.
    /// </summary>
    public void Start(ServerTransport remote, long now)
    {
        ArgumentNullException.ThrowIfNull(remote);
        lock (_iceGate)
        {
            if (_remote is not null)
            {
                throw new InvalidOperationException("the transport has already started");
            }

            _remote = remote;
            _ice.Credentials.SetRemote(remote.IceUfrag, remote.IcePwd);
            _ice.Start(now, remote.WeControlIce);
        }
    }

    /// <summary>Sends the Binding request that is due at <paramref name="now"/>, if any: first check, retransmission or consent check.</summary>
    public void Poll(long now)
    {
        lock (_iceGate)
        {
            int length = _disposed ? 0 : _ice.WriteDueRequest(_iceBuffer, now);
            if (length > 0)
            {
                _sender.Send(_iceBuffer.AsSpan(0, length));
            }
        }
    }

    /// <summary>One datagram from the server, decrypted in place when it is SRTP or SRTCP.</summary>
    public void Receive(Span<byte> datagram, long now)
    {
        if (_disposed)
        {
            return;
        }

        switch (PacketDemux.Classify(datagram))
        {
            case PacketClass.Stun:
                OnStun(datagram, now);
                break;
            case PacketClass.Dtls:
                _dtlsChannel.EnqueueIncoming(datagram);
                break;
            case PacketClass.Rtp:
                OnSrtp(datagram, isRtcp: false);
                break;
            case PacketClass.Rtcp:
                OnSrtp(datagram, isRtcp: true);
                break;
        }
    }

    /// <summary>Protects the RTP packet in <paramref name="buffer"/> (which has tail room for the tag) and sends it.</summary>
    public bool SendRtp(Span<byte> buffer, int length) => Send(buffer, length, isRtcp: false);

    /// <summary>Protects the RTCP compound packet in <paramref name="buffer"/> (with tail room for the trailer) and sends it.</summary>
    public bool SendRtcp(Span<byte> buffer, int length) => Send(buffer, length, isRtcp: true);

    /// <summary>
    /// The server stopped sending on <paramref name="ssrc"/> (the track's m= line went inactive): frees its SRTP and
    /// SRTCP state. A late packet on it would start a fresh entry, like any new stream.
    /// </summary>
    public void ForgetRemoteSsrc(uint ssrc)
    {
        lock (_receiveGate)
        {
            _srtp?.ForgetRemoteSsrc(ssrc);
        }
    }

    /// <summary>
    /// Ends DTLS as a browser closing its RTCPeerConnection does: close_notify once established, or aborts the
    /// handshake. The SRTP keys stay, so what the server still sends is still decrypted and reported.
    /// </summary>
    public void CloseDtls()
    {
        DtlsHandshake? dtls;
        lock (_iceGate)
        {
            dtls = _dtls;
        }

        dtls?.Close();
        _dtlsChannel.Close();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CloseDtls();
        _connected.TrySetException(new ObjectDisposedException(nameof(ClientTransport)));
        lock (_receiveGate)
        {
            lock (_sendGate)
            {
                _srtp?.Dispose();
                _srtp = null;
            }

            _heldBeforeKeys.Clear();
        }
    }

    private void OnStun(ReadOnlySpan<byte> datagram, long now)
    {
        lock (_iceGate)
        {
            // The server has one candidate and its checks come from it, so that is where answers go (and what they map).
            int answer = _remote is { } remote ? _ice.AnswerCheck(datagram, remote.Candidate, _checkResponse) : 0;
            if (answer > 0)
            {
                _sender.Send(_checkResponse.AsSpan(0, answer));
                return;
            }

            if (_ice.OnStun(datagram, now) && !_disposed)
            {
                StartDtls(_remote!);
            }
        }
    }

    /// <summary>Under the ICE lock, once: the handshake runs on its own thread.</summary>
    private void StartDtls(ServerTransport remote)
    {
        var options = new DtlsHandshakeOptions { SrtpProfiles = _options.SrtpProfiles, Timeout = _options.DtlsTimeout };
        _dtls = new DtlsHandshake(DtlsRole.Client, Certificate, remote.Fingerprint, _dtlsChannel, options);
        _dtls.RunAsync().ContinueWith(
            static (task, state) => ((ClientTransport)state!).OnDtlsCompleted(task), this, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private void OnDtlsCompleted(Task<DtlsHandshakeResult> task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            _connected.TrySetException(task.Exception?.InnerException ?? new OperationCanceledException("DTLS handshake cancelled"));
            return;
        }

        DtlsHandshakeResult result = task.Result;
        lock (_receiveGate)
        {
            var srtp = SrtpSession.CreateFromDtls(result.Profile, result.KeyingMaterial, isServer: false, _options.MaxSrtpSsrcs);
            lock (_sendGate)
            {
                if (_disposed)
                {
                    srtp.Dispose();
                    return;
                }

                SrtpProfile = result.Profile;
                _srtp = srtp;
            }

            while (_heldBeforeKeys.TryDequeue(out byte[]? held))
            {
                Unprotect(srtp, held, PacketDemux.Classify(held) == PacketClass.Rtcp);
            }
        }

        _connected.TrySetResult();
    }

    private void OnSrtp(Span<byte> datagram, bool isRtcp)
    {
        lock (_receiveGate)
        {
            if (_srtp is { } srtp)
            {
                Unprotect(srtp, datagram, isRtcp);
                return;
            }

            Interlocked.Increment(ref _packetsBeforeKeys);
            if (_heldBeforeKeys.Count < _options.MaxHeldBeforeKeys && !_disposed)
            {
                _heldBeforeKeys.Enqueue(datagram.ToArray());
            }
        }
    }

    /// <summary>Under the receive lock.</summary>
    private void Unprotect(SrtpSession srtp, Span<byte> datagram, bool isRtcp)
    {
        SrtpStatus status = isRtcp
            ? srtp.UnprotectRtcp(datagram, datagram.Length, out int plainLength)
            : srtp.UnprotectRtp(datagram, datagram.Length, out plainLength);
        if (status != SrtpStatus.Ok)
        {
            Interlocked.Increment(ref status is SrtpStatus.ReplayDuplicate or SrtpStatus.ReplayTooOld ? ref _replays : ref _unprotectFailures);
            return;
        }

        _serverConfirmed.TrySetResult();
        if (isRtcp)
        {
            _listener.OnRtcp(datagram[..plainLength]);
        }
        else
        {
            _listener.OnRtp(datagram[..plainLength]);
        }
    }

    private bool Send(Span<byte> buffer, int length, bool isRtcp)
    {
        int protectedLength;
        lock (_sendGate)
        {
            SrtpSession? srtp = _srtp;
            if (srtp is null)
            {
                return false;
            }

            SrtpStatus status = isRtcp ? srtp.ProtectRtcp(buffer, length, out protectedLength) : srtp.ProtectRtp(buffer, length, out protectedLength);
            if (status != SrtpStatus.Ok)
            {
                return false;
            }
        }

        return !_disposed && _sender.Send(buffer[..protectedLength]);
    }
}
