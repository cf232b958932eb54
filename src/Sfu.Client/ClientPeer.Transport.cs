using System.Net;
using System.Net.Sockets;
using Sfu.Crypto.Srtp;
using Sfu.Dtls;

namespace Sfu.Client;

/// <summary>ICE checks on a timer, the DTLS client handshake once ICE succeeds, and the SRTP session it keys.</summary>
public sealed partial class ClientPeer
{
    private readonly DtlsDatagramChannel _dtlsChannel;
    private readonly Timer _iceTimer;
    private readonly Thread _receiveThread;
    private readonly object _iceGate = new();
    private readonly object _sendGate = new();
    private readonly byte[] _iceBuffer = new byte[256];
    private readonly TaskCompletionSource _dtlsConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _serverConfirmed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile SocketAddress? _serverAddress;
    private volatile SrtpSession? _srtp;
    private DtlsHandshake? _dtls;
    private int _iceStarted;

    /// <summary>True once DTLS completed and SRTP is keyed.</summary>
    public bool IsConnected => _srtp is not null;

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

    /// <summary>The protection profile DTLS agreed on.</summary>
    public SrtpProfile? SrtpProfile { get; private set; }

    /// <summary>True once an authenticated SRTP/SRTCP packet arrived from the server: its side is up too.</summary>
    public bool IsServerConfirmed => _serverConfirmed.Task.IsCompleted;

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
        if (_negotiator.RemoteTransport is null)
        {
            throw new InvalidOperationException("apply the server's answer (or answer its offer) before connecting");
        }

        if (Interlocked.Exchange(ref _iceStarted, 1) == 0)
        {
            long period = (long)_options.IceRetransmitInterval.TotalMilliseconds;
            _iceTimer.Change(0, Math.Max(1, period));
        }

        try
        {
            await _dtlsConnected.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{ParticipantId}: not connected within {timeout.TotalSeconds:0.#} s (ICE connected: {IsIceConnected})");
        }

        try
        {
            await _serverConfirmed.Task.WaitAsync(_options.ServerSettleTime, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A receive-only peer may hear nothing from the server until media flows; the settle time covers the gap.
        }
    }

    private void OnIceTimer()
    {
        if (_disposed)
        {
            return;
        }

        int length;
        lock (_iceGate)
        {
            long now = _time.GetTimestamp();
            if (!_ice.IsStarted)
            {
                _ice.Start(now);
            }

            length = _ice.WriteDueRequest(_iceBuffer, now);
            if (length > 0)
            {
                SendRaw(_iceBuffer.AsSpan(0, length));
            }
        }
    }

    /// <summary>On the receive thread: a STUN datagram (the answer to one of our checks).</summary>
    private void OnStun(ReadOnlySpan<byte> datagram)
    {
        bool connected;
        lock (_iceGate)
        {
            connected = _ice.OnStun(datagram, _time.GetTimestamp());
        }

        if (connected)
        {
            StartDtls();
        }
    }

    private void StartDtls()
    {
        ServerTransport transport = _negotiator.RemoteTransport!;
        var options = new DtlsHandshakeOptions { SrtpProfiles = _options.SrtpProfiles, Timeout = _options.DtlsTimeout };
        var handshake = new DtlsHandshake(DtlsRole.Client, Certificate, transport.Fingerprint, _dtlsChannel, options);
        _dtls = handshake;
        if (_disposed)
        {
            handshake.Close();
        }

        handshake.RunAsync().ContinueWith(
            static (task, state) => ((ClientPeer)state!).OnDtlsCompleted(task), this, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private void OnDtlsCompleted(Task<DtlsHandshakeResult> task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            Exception error = task.Exception?.InnerException ?? new OperationCanceledException("DTLS handshake cancelled");
            _dtlsConnected.TrySetException(error);
            return;
        }

        DtlsHandshakeResult result = task.Result;
        lock (_sendGate)
        {
            if (_disposed)
            {
                return;
            }

            SrtpProfile = result.Profile;
            _srtp = SrtpSession.CreateFromDtls(result.Profile, result.KeyingMaterial, isServer: false);
        }

        _dtlsConnected.TrySetResult();
    }

    private void SendDtls(ReadOnlyMemory<byte> datagram) => SendRaw(datagram.Span);

    /// <summary>Protects an RTP packet in <paramref name="buffer"/> (which has tail room for the tag) and sends it.</summary>
    private bool SendRtp(Span<byte> buffer, int length)
    {
        int protectedLength;
        lock (_sendGate)
        {
            SrtpSession? srtp = _srtp;
            if (srtp is null || srtp.ProtectRtp(buffer, length, out protectedLength) != SrtpStatus.Ok)
            {
                return false;
            }
        }

        return SendRaw(buffer[..protectedLength]);
    }

    private bool SendRaw(ReadOnlySpan<byte> datagram)
    {
        SocketAddress? to = _serverAddress;
        if (to is null || _disposed)
        {
            return false;
        }

        try
        {
            return _socket.SendTo(datagram, SocketFlags.None, to) == datagram.Length;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
