using Org.BouncyCastle.Crypto.Tls;
using Org.BouncyCastle.Security;

namespace Sfu.Dtls;

/// <summary>
/// One peer's DTLS-SRTP association, as server or client. <see cref="RunAsync"/> runs BouncyCastle's blocking
/// Accept/Connect on a dedicated thread (never the packet loop), bounded by an overall timeout, and yields the
/// SRTP profile and keys. Afterwards the association stays alive without a thread (see <see cref="DtlsRecordPump"/>)
/// so that retransmitted flights, alerts and close_notify are still handled, until <see cref="Close"/>.
/// </summary>
public sealed class DtlsHandshake : IDisposable
{
    private const int HandshakeThreadStackSize = 512 * 1024;

    private readonly DtlsPeerState _state;
    private readonly TimeSpan _timeout;
    private readonly object _gate = new();
    private readonly TaskCompletionSource<DtlsHandshakeResult> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Phase _phase = Phase.Created;
    private DtlsFailureReason? _abortReason;
    private CancellationToken _cancellationToken;
    private CancellationTokenSource? _deadline;
    private CancellationTokenRegistration _abortRegistration;
    private DtlsRecordPump? _pump;
    private Action<ReadOnlyMemory<byte>>? _applicationDataReceived;
    private int _closedRaised;

    /// <param name="role">Server (a=setup:passive) or client (a=setup:active).</param>
    /// <param name="localCertificate">Our certificate; its fingerprint is in our SDP.</param>
    /// <param name="expectedRemoteFingerprint">The peer's SDP a=fingerprint sha-256 value ("AB:CD:...").</param>
    /// <param name="channel">Datagrams to and from this peer.</param>
    /// <param name="options">Timeout and SRTP profile preference.</param>
    public DtlsHandshake(
        DtlsRole role,
        DtlsCertificate localCertificate,
        string expectedRemoteFingerprint,
        DtlsDatagramChannel channel,
        DtlsHandshakeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(localCertificate);
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedRemoteFingerprint);
        ArgumentNullException.ThrowIfNull(channel);
        options ??= new DtlsHandshakeOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        Role = role;
        Channel = channel;
        _timeout = options.Timeout;
        _state = new DtlsPeerState(role, localCertificate, expectedRemoteFingerprint, options.SrtpProfiles);
    }

    private enum Phase
    {
        Created,
        Handshaking,
        Connected,
        Ended,
    }

    /// <summary>Our side of the handshake.</summary>
    public DtlsRole Role { get; }

    /// <summary>The channel the owner feeds with received DTLS datagrams.</summary>
    public DtlsDatagramChannel Channel { get; }

    /// <summary>True between a successful handshake and the end of the association.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _phase == Phase.Connected;
            }
        }
    }

    /// <summary>
    /// Raised once when an established association ends: the peer's close_notify or fatal alert, a record
    /// processing error, or our own <see cref="Close"/>. Runs on a thread-pool thread or the closing thread.
    /// </summary>
    public event Action<DtlsCloseReason>? Closed;

    /// <summary>Decrypted application data (SCTP for data channels). Runs on a thread-pool thread; copy to keep.</summary>
    public Action<ReadOnlyMemory<byte>>? ApplicationDataReceived
    {
        get => _applicationDataReceived;
        set
        {
            lock (_gate)
            {
                _applicationDataReceived = value;
                if (_pump is not null)
                {
                    _pump.ApplicationDataReceived = value;
                }
            }
        }
    }

    /// <summary>
    /// Runs the handshake on its own thread. Completes with the negotiated profile and keys, faults with a
    /// <see cref="DtlsHandshakeException"/> on any failure (timeout, fingerprint mismatch, alert...), or is
    /// cancelled through <paramref name="cancellationToken"/>. Call once.
    /// </summary>
    public Task<DtlsHandshakeResult> RunAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_phase != Phase.Created)
            {
                throw new InvalidOperationException("RunAsync may be called once, before Close");
            }

            _phase = Phase.Handshaking;
            _cancellationToken = cancellationToken;
            _deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        _deadline.CancelAfter(_timeout);
        _abortRegistration = _deadline.Token.Register(static self => ((DtlsHandshake)self!).OnDeadlineOrCancel(), this);
        var thread = new Thread(RunHandshake, HandshakeThreadStackSize)
        {
            IsBackground = true,
            Name = Role == DtlsRole.Server ? "dtls-accept" : "dtls-connect",
        };
        thread.Start();
        return _completion.Task;
    }

    /// <summary>Encrypts and sends application data after the handshake.</summary>
    public void SendApplicationData(ReadOnlySpan<byte> payload)
    {
        DtlsRecordPump pump = _pump ?? throw new InvalidOperationException("the DTLS handshake has not completed");
        pump.Send(payload);
    }

    /// <summary>
    /// Ends the association: sends close_notify when established, or aborts a running handshake (it then faults
    /// with <see cref="DtlsFailureReason.Closed"/>). Closes the channel. Safe to call more than once.
    /// </summary>
    public void Close()
    {
        DtlsRecordPump? pump;
        lock (_gate)
        {
            switch (_phase)
            {
                case Phase.Created:
                    _phase = Phase.Ended;
                    Channel.Close();
                    return;
                case Phase.Handshaking:
                    _abortReason ??= DtlsFailureReason.Closed;
                    Channel.Close();
                    return;
                case Phase.Connected:
                    _phase = Phase.Ended;
                    pump = _pump;
                    break;
                default:
                    return;
            }
        }

        if (pump is not null && pump.Close())
        {
            RaiseClosed(DtlsCloseReason.LocalClose);
        }
    }

    public void Dispose() => Close();

    private void OnDeadlineOrCancel()
    {
        lock (_gate)
        {
            if (_phase != Phase.Handshaking)
            {
                return;
            }

            _abortReason ??= _cancellationToken.IsCancellationRequested ? DtlsFailureReason.Closed : DtlsFailureReason.Timeout;
        }

        Channel.Close();
    }

    private void RunHandshake()
    {
        DtlsTransport? transport = null;
        Exception? failure = null;
        try
        {
            var random = new SecureRandom();
            transport = Role == DtlsRole.Server
                ? new DtlsServerProtocol(random).Accept(new SrtpDtlsServer(_state), Channel)
                : new DtlsClientProtocol(random).Connect(new SrtpDtlsClient(_state), Channel);
        }
        catch (Exception e)
        {
            failure = e;
        }

        // Waits for a deadline callback already running, so _abortReason is final below.
        _abortRegistration.Dispose();
        _deadline?.Dispose();

        DtlsRecordPump? pump = null;
        DtlsFailureReason? aborted;
        lock (_gate)
        {
            aborted = _abortReason;
            if (failure is null && aborted is null && transport is not null)
            {
                pump = new DtlsRecordPump(transport, Channel, _state, OnPumpClosed)
                {
                    ApplicationDataReceived = _applicationDataReceived,
                };
                _pump = pump;
                _phase = Phase.Connected;
            }
            else
            {
                _phase = Phase.Ended;
            }
        }

        if (pump is null)
        {
            transport?.Close();
            Channel.Close();
            if (aborted == DtlsFailureReason.Closed && _cancellationToken.IsCancellationRequested)
            {
                _completion.TrySetCanceled(_cancellationToken);
            }
            else
            {
                _completion.TrySetException(Describe(aborted, failure));
            }

            return;
        }

        var result = new DtlsHandshakeResult(_state.SelectedProfile!.Value, _state.KeyingMaterial!, _state.RemoteFingerprint!);
        _completion.TrySetResult(result);
        pump.Start();
    }

    private DtlsHandshakeException Describe(DtlsFailureReason? aborted, Exception? failure)
    {
        string side = Role == DtlsRole.Server ? "server" : "client";
        if (aborted == DtlsFailureReason.Timeout)
        {
            return new DtlsHandshakeException(DtlsFailureReason.Timeout,
                $"DTLS {side} handshake did not complete within {_timeout.TotalSeconds:0.###} s", failure);
        }

        if (aborted is DtlsFailureReason reason)
        {
            return new DtlsHandshakeException(reason, $"DTLS {side} handshake was closed before it completed", failure);
        }

        if (_state.Failure is DtlsFailureReason own)
        {
            return new DtlsHandshakeException(own, $"DTLS {side} handshake failed: {_state.FailureMessage}", failure);
        }

        if (_state.FatalAlertReceived is byte peerAlert)
        {
            return new DtlsHandshakeException(DtlsFailureReason.PeerAlert,
                $"DTLS {side} handshake failed: the peer sent fatal alert {AlertDescription.GetText(peerAlert)}", failure);
        }

        return failure switch
        {
            TlsFatalAlert alert => new DtlsHandshakeException(DtlsFailureReason.ProtocolError,
                $"DTLS {side} handshake failed with alert {AlertDescription.GetText(alert.AlertDescription)}", failure),
            _ => new DtlsHandshakeException(DtlsFailureReason.ProtocolError,
                $"DTLS {side} handshake failed: {failure?.Message ?? "unknown error"}", failure),
        };
    }

    private void OnPumpClosed(DtlsCloseReason reason)
    {
        lock (_gate)
        {
            _phase = Phase.Ended;
        }

        RaiseClosed(reason);
    }

    private void RaiseClosed(DtlsCloseReason reason)
    {
        if (Interlocked.Exchange(ref _closedRaised, 1) == 0)
        {
            Closed?.Invoke(reason);
        }
    }
}
