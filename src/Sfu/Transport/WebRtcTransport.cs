using System.Net;
using Sfu.Crypto.Srtp;
using Sfu.Diagnostics;
using Sfu.Dtls;
using Sfu.Ice;

namespace Sfu.Transport;

public enum TransportState
{
    New,
    IceConnected,
    DtlsConnecting,
    Connected,
    Closed,
}

/// <summary>
/// ICE-lite + DTLS-SRTP for one peer on the shared socket: validates STUN, binds the peer's address,
/// runs the DTLS handshake off the worker thread, then unprotects what arrives and protects what is sent.
/// Everything but the handshake runs on the media worker thread.
/// </summary>
public sealed class WebRtcTransport
{
    private const int MaxStunResponse = 512;

    /// <summary>
    /// Source addresses one peer may have bound at a time. A browser checks from each of its candidates (RFC 8445
    /// section 7.2), usually one to three, and moves when its network changes; more than this is a peer spraying
    /// checks, and every bound address is a table entry and a way in for its datagrams.
    /// </summary>
    public const int MaxBoundAddresses = 4;

    private readonly PortContext _context;
    private readonly ITransportListener _listener;
    private readonly List<SocketAddressKey> _boundAddresses = new(2);
    private readonly byte[] _stunResponse = new byte[MaxStunResponse];
    private ConsentFreshness? _consent;
    private SocketAddress? _remoteAddress;
    private SocketAddressKey _remoteKey;
    private DtlsSession? _dtls;
    private SrtpSession? _srtp;
    private bool _ssrcLimitLogged;

    public WebRtcTransport(PortContext context, ITransportListener listener, string id)
    {
        _context = context;
        _listener = listener;
        Id = id;
        Ice = IceCredentials.CreateLocal();
    }

    public string Id { get; }

    public IceCredentials Ice { get; }

    /// <summary>
    /// When the datagram being handled now reached the host: the kernel's receive stamp that the worker loop recorded
    /// before dispatching it (<see cref="PortContext.Arrival"/>), else <paramref name="nowTicks"/>. Transport-wide
    /// congestion feedback reports this, so time a packet waited in the socket or behind a batch is not mistaken for
    /// queueing delay on the path. A stamp that is missing, later than now or over a second old is not trusted.
    /// </summary>
    public long ArrivalTicks(long nowTicks)
    {
        long arrival = _context.Arrival.Ticks;
        return arrival > 0 && arrival <= nowTicks && nowTicks - arrival < TimeSpan.TicksPerSecond ? arrival : nowTicks;
    }

    public string LocalUfrag => Ice.LocalUfrag;

    public TransportState State { get; private set; }

    /// <summary>The peer's DTLS certificate fingerprint from its SDP ("sha-256" value), checked during the handshake.</summary>
    public string? RemoteFingerprint { get; set; }

    public IPEndPoint? RemoteEndPoint => _remoteAddress is null ? null : _remoteKey.ToEndPoint();

    public IReadOnlyList<SocketAddressKey> BoundAddresses => _boundAddresses;

    public SrtpProfile? SrtpProfile { get; private set; }

    /// <summary>Sets the peer's ICE credentials from its SDP (its ufrag and pwd).</summary>
    public void SetRemoteIce(string ufrag, string pwd)
    {
        Ice.SetRemote(ufrag, pwd);
    }

    /// <summary>A STUN message that named this transport's ufrag, or came from one of its addresses.</summary>
    public void HandleStun(ReadOnlySpan<byte> datagram, SocketAddress from, in SocketAddressKey key, long nowTicks)
    {
        if (State == TransportState.Closed)
        {
            return;
        }

        IceBindingResult result = IceBindingResponder.Respond(datagram, Ice, from, _stunResponse, out int responseLength, out bool useCandidate);
        if (responseLength > 0)
        {
            _context.Socket.Send(_stunResponse.AsSpan(0, responseLength), from);
        }

        if (result != IceBindingResult.Ok)
        {
            SfuMetrics.CountDrop(DropReason.StunRejected);
            return;
        }

        _consent ??= new ConsentFreshness(nowTicks, _context.ConsentTimeout);
        _consent.Refresh(nowTicks);
        if (!_boundAddresses.Contains(key))
        {
            if (_boundAddresses.Count == MaxBoundAddresses)
            {
                UnbindOldest();
            }

            _boundAddresses.Add(key);
            _context.Transports.Bind(key, this);
        }

        // ICE-lite (RFC 8445 section 7.3.1.5): the controlling agent nominates with USE-CANDIDATE; until then the first
        // validated address is as good as any. A newly nominated address takes over (network change).
        if (_remoteAddress is null || (useCandidate && key != _remoteKey))
        {
            SelectRemote(from, key);
        }

        if (State == TransportState.New)
        {
            State = TransportState.IceConnected;
        }
    }

    /// <summary>A DTLS record from the peer's address: feeds the handshake (started by the first ClientHello).</summary>
    public void HandleDtls(ReadOnlySpan<byte> datagram)
    {
        if (State is TransportState.Closed or TransportState.New)
        {
            SfuMetrics.CountDrop(DropReason.NotConnected);
            return;
        }

        if (_dtls is null)
        {
            if (RemoteFingerprint is null)
            {
                SfuMetrics.CountDrop(DropReason.NotConnected);
                return;
            }

            StartDtls();
        }

        if (!_dtls!.EnqueueIncoming(datagram))
        {
            SfuMetrics.CountDrop(DropReason.DtlsQueueFull);
        }
    }

    /// <summary>Decrypts an SRTP or SRTCP packet in place and hands it to the listener.</summary>
    public void HandleSrtp(Span<byte> datagram, bool isRtcp, long nowTicks)
    {
        SrtpSession? srtp = _srtp;
        if (srtp is null)
        {
            SfuMetrics.CountDrop(DropReason.NotConnected);
            return;
        }

        SrtpStatus status = isRtcp
            ? srtp.UnprotectRtcp(datagram, datagram.Length, out int plainLength)
            : srtp.UnprotectRtp(datagram, datagram.Length, out plainLength);
        if (status != SrtpStatus.Ok)
        {
            CountSrtpDrop(status);
            return;
        }

        SfuMetrics.CountReceived(isRtcp, datagram.Length);
        if (isRtcp)
        {
            _listener.OnRtcp(this, datagram[..plainLength], nowTicks);
        }
        else
        {
            _listener.OnRtp(this, datagram[..plainLength], nowTicks);
        }
    }

    /// <summary>Protects an RTP packet in place (the buffer needs <see cref="SrtpSession.MaxRtpOverhead"/> bytes of tail room) and sends it.</summary>
    public bool SendRtp(Span<byte> buffer, int length) => Send(buffer, length, isRtcp: false);

    /// <summary>Protects an RTCP compound packet in place and sends it.</summary>
    public bool SendRtcp(Span<byte> buffer, int length) => Send(buffer, length, isRtcp: true);

    private bool Send(Span<byte> buffer, int length, bool isRtcp)
    {
        SrtpSession? srtp = _srtp;
        SocketAddress? remote = _remoteAddress;
        if (srtp is null || remote is null || State != TransportState.Connected)
        {
            return false;
        }

        SrtpStatus status = isRtcp
            ? srtp.ProtectRtcp(buffer, length, out int protectedLength)
            : srtp.ProtectRtp(buffer, length, out protectedLength);
        if (status != SrtpStatus.Ok)
        {
            CountSrtpDrop(status);
            return false;
        }

        if (!_context.Socket.Send(buffer[..protectedLength], remote))
        {
            SfuMetrics.CountDrop(DropReason.SendFailed);
            return false;
        }

        SfuMetrics.CountSent(isRtcp, protectedLength);
        if (!isRtcp)
        {
            _context.RtpPacketsSent++;
        }

        return true;
    }

    /// <summary>
    /// We stopped sending on <paramref name="ssrc"/> for good (its consumer went): frees its SRTP/SRTCP state so the
    /// session's SSRC table does not fill up over a long meeting. Worker thread.
    /// </summary>
    public void ForgetLocalSsrc(uint ssrc) => _srtp?.ForgetLocalSsrc(ssrc);

    /// <summary>The peer's stream on <paramref name="ssrc"/> is no longer routed (its producer went or moved to another SSRC): frees its state.</summary>
    public void ForgetRemoteSsrc(uint ssrc) => _srtp?.ForgetRemoteSsrc(ssrc);

    /// <summary>
    /// Consent freshness (RFC 7675 section 5.1): a peer that stopped sending valid checks is gone, and so is one
    /// that never completed ICE within the same time.
    /// </summary>
    public void Tick(long nowTicks)
    {
        if (State == TransportState.Closed)
        {
            return;
        }

        // ConsentFreshness counts from its creation, so a peer that never completes a check also expires.
        _consent ??= new ConsentFreshness(nowTicks, _context.ConsentTimeout);
        if (_consent.IsExpired(nowTicks))
        {
            SfuMetrics.CountIceTimeout();
            string reason = _consent.HasReceivedRequest ? "ICE consent expired" : "ICE did not connect";
            EngineLog.IceTimedOut(_context.Logger, Id, _consent.HasReceivedRequest ? "no consent check" : "no ICE check", _context.ConsentTimeout);
            Close(reason);
        }
    }

    /// <summary>Another transport took this address over (the port was reused).</summary>
    internal void ForgetAddress(in SocketAddressKey key)
    {
        _boundAddresses.Remove(key);
        if (_remoteAddress is not null && key == _remoteKey)
        {
            _remoteAddress = null;
        }
    }

    public void Close(string reason)
    {
        if (State == TransportState.Closed)
        {
            return;
        }

        State = TransportState.Closed;
        _context.Transports.Remove(this);
        _dtls?.Dispose();
        _dtls = null;
        _srtp = null;
        _listener.OnTransportClosed(this, reason);
    }

    private void CountSrtpDrop(SrtpStatus status)
    {
        DropReason reason = status switch
        {
            SrtpStatus.AuthenticationFailed => DropReason.SrtpAuthFailed,
            SrtpStatus.ReplayDuplicate or SrtpStatus.ReplayTooOld => DropReason.SrtpReplay,
            SrtpStatus.SsrcLimitReached => DropReason.SrtpSsrcLimit,
            _ => DropReason.Malformed,
        };
        SfuMetrics.CountDrop(reason);
        if (reason == DropReason.SrtpSsrcLimit && !_ssrcLimitLogged)
        {
            // Once per transport: every further packet of the stream would repeat it.
            _ssrcLimitLogged = true;
            EngineLog.SrtpSsrcLimitReached(_context.Logger, Id, _srtp?.MaxSsrcs ?? 0);
        }
    }

    /// <summary>
    /// Makes room for a newly validated address: the oldest one that is not the selected remote goes (a network the
    /// browser left, most likely). It can come back with its next authenticated check.
    /// </summary>
    private void UnbindOldest()
    {
        int oldest = _remoteAddress is not null && _boundAddresses[0] == _remoteKey ? 1 : 0;
        SocketAddressKey key = _boundAddresses[oldest];
        _boundAddresses.RemoveAt(oldest);
        _context.Transports.Unbind(key, this);
    }

    private void SelectRemote(SocketAddress from, in SocketAddressKey key)
    {
        var copy = new SocketAddress(from.Family, from.Size);
        from.Buffer.Span[..from.Size].CopyTo(copy.Buffer.Span);
        _remoteAddress = copy;
        _remoteKey = key;
    }

    private void StartDtls()
    {
        State = TransportState.DtlsConnecting;
        SocketAddress remote = _remoteAddress!;
        IDatagramSender socket = _context.Socket;
        _dtls = _context.DtlsFactory.CreateServer(RemoteFingerprint!, datagram => socket.Send(datagram.Span, remote));
        DtlsSession session = _dtls;
        session.Closed += reason =>
        {
            if (reason is DtlsCloseReason.PeerCloseNotify or DtlsCloseReason.PeerFatalAlert)
            {
                _context.WorkQueue.PostDtlsClosedByPeer(this, session);
            }
            else if (reason == DtlsCloseReason.Error)
            {
                EngineLog.DtlsRecordError(_context.Logger, Id);
            }
        };
        _ = CompleteDtlsAsync(session);
    }

    private async Task CompleteDtlsAsync(DtlsSession session)
    {
        // Off the media thread (the handshake runs on its own), so a wall-clock stopwatch is fine here.
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            DtlsHandshakeResult result = await session.HandshakeAsync().ConfigureAwait(false);
            SfuMetrics.CountDtlsHandshake(succeeded: true, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            _context.WorkQueue.PostDtlsCompleted(this, session, result, null);
        }
        catch (Exception ex)
        {
            SfuMetrics.CountDtlsHandshake(succeeded: false, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            _context.WorkQueue.PostDtlsCompleted(this, session, null, ex.Message);
        }
    }

    /// <summary>On the worker thread: the peer closed DTLS; a stale session (replaced since) is ignored.</summary>
    public void OnDtlsClosedByPeer(DtlsSession session)
    {
        if (session == _dtls)
        {
            Close("DTLS closed by the peer");
        }
    }

    /// <summary>On the worker thread: applies a finished handshake; a stale session (replaced or closed since) is ignored.</summary>
    public void OnDtlsCompleted(DtlsSession session, DtlsHandshakeResult? result, string? error)
    {
        if (session != _dtls || State == TransportState.Closed)
        {
            return;
        }

        if (result is null)
        {
            // The peer's doing (a wrong certificate, a timeout), so a warning without a stack trace.
            EngineLog.DtlsHandshakeFailed(_context.Logger, Id, error ?? "unknown");
            Close("DTLS handshake failed: " + error);
            return;
        }

        _srtp = SrtpSession.CreateFromDtls(result.Profile, result.KeyingMaterial, isServer: true, _context.MaxSrtpSsrcs);
        SrtpProfile = result.Profile;
        State = TransportState.Connected;
        _listener.OnTransportConnected(this);
    }
}
