using Org.BouncyCastle.Crypto.Tls;

namespace Sfu.Dtls;

/// <summary>
/// Keeps an established DTLS association alive without a thread of its own. Records that arrive after the
/// handshake still matter: the peer retransmits its last flight when our Finished was lost (BouncyCastle then
/// resends ours, RFC 6347 section 4.2.4), and it may send close_notify or a fatal alert. Each queued datagram
/// schedules one thread-pool drain that feeds BouncyCastle with zero-wait reads until the queue is empty.
/// </summary>
internal sealed class DtlsRecordPump : IThreadPoolWorkItem
{
    /// <summary>How long one read waits on an empty channel before the drain gives the thread back.</summary>
    private const int PollMillis = 1;

    private readonly DtlsTransport _transport;
    private readonly DtlsDatagramChannel _channel;
    private readonly DtlsPeerState _state;
    private readonly Action<DtlsCloseReason> _onClosed;
    private readonly object _gate = new();
    private readonly byte[] _receiveBuffer;
    private readonly byte[] _sendBuffer;
    private int _scheduled;
    private bool _closed;

    public DtlsRecordPump(DtlsTransport transport, DtlsDatagramChannel channel, DtlsPeerState state, Action<DtlsCloseReason> onClosed)
    {
        _transport = transport;
        _channel = channel;
        _state = state;
        _onClosed = onClosed;
        _receiveBuffer = new byte[Math.Max(transport.GetReceiveLimit(), 1)];
        _sendBuffer = new byte[Math.Max(transport.GetSendLimit(), 1)];
    }

    /// <summary>Application data (e.g. SCTP for data channels) decrypted from the peer. Runs on the pump.</summary>
    public Action<ReadOnlyMemory<byte>>? ApplicationDataReceived { get; set; }

    /// <summary>Largest application data payload one record can carry.</summary>
    public int MaxApplicationDataLength => _sendBuffer.Length;

    /// <summary>Starts watching the channel; drains whatever arrived while the handshake was finishing.</summary>
    public void Start()
    {
        _channel.DatagramQueued = Schedule;
        Schedule();
    }

    /// <summary>Called from the packet loop after each enqueue: at most one drain is queued or running.</summary>
    private void Schedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    public void Execute()
    {
        while (true)
        {
            DtlsCloseReason? ended = Drain();
            if (ended is DtlsCloseReason reason)
            {
                _onClosed(reason);
                return;
            }

            Volatile.Write(ref _scheduled, 0);
            // A datagram queued after the last read but before the flag cleared would otherwise wait for the next one.
            if (_channel.PendingDatagrams == 0 || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private DtlsCloseReason? Drain()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }

            DtlsCloseReason? ended = null;
            try
            {
                while (!_channel.IsClosed && !_state.CloseNotifyReceived)
                {
                    // Not 0: BouncyCastle reads a zero wait as "forever" and would spin on an empty channel.
                    int length = _transport.Receive(_receiveBuffer, 0, _receiveBuffer.Length, PollMillis);
                    if (length < 0)
                    {
                        break;
                    }

                    if (length > 0)
                    {
                        ApplicationDataReceived?.Invoke(new ReadOnlyMemory<byte>(_receiveBuffer, 0, length));
                    }
                }
            }
            catch (Exception)
            {
                // BouncyCastle 1.8 rethrows a received fatal alert as TlsFatalAlert; the peer callback tells them apart.
                ended = _state.FatalAlertReceived is null ? DtlsCloseReason.Error : DtlsCloseReason.PeerFatalAlert;
            }

            if (_state.CloseNotifyReceived)
            {
                ended = DtlsCloseReason.PeerCloseNotify;
            }
            else if (ended is null && _channel.IsClosed)
            {
                ended = DtlsCloseReason.Error;
            }

            if (ended is not null)
            {
                _closed = true;
                _channel.Close();
            }

            return ended;
        }
    }

    /// <summary>Encrypts and sends one application data record.</summary>
    public void Send(ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            if (_closed)
            {
                throw new InvalidOperationException("the DTLS association is closed");
            }

            if (payload.Length > _sendBuffer.Length)
            {
                throw new ArgumentException($"payload of {payload.Length} bytes exceeds the record limit {_sendBuffer.Length}", nameof(payload));
            }

            payload.CopyTo(_sendBuffer);
            _transport.Send(_sendBuffer, 0, payload.Length);
        }
    }

    /// <summary>Sends close_notify and closes the channel. Returns false when already closed.</summary>
    public bool Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            _closed = true;
            try
            {
                _transport.Close();
            }
            catch (IOException)
            {
                // The alert is a courtesy; the channel closes regardless.
            }

            _channel.Close();
            return true;
        }
    }
}
