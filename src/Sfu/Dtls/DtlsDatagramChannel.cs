using System.Buffers;
using Org.BouncyCastle.Crypto.Tls;

namespace Sfu.Dtls;

/// <summary>
/// BouncyCastle's <see cref="DatagramTransport"/> over datagrams that someone else receives and sends: the owner's
/// packet loop copies each DTLS datagram in with <see cref="EnqueueIncoming"/>, BouncyCastle's handshake thread
/// takes them out with a blocking <see cref="Receive"/>, and everything BouncyCastle sends goes to the owner's
/// send delegate (which writes to the shared UDP socket). No sockets live here.
/// </summary>
public sealed class DtlsDatagramChannel : DatagramTransport
{
    /// <summary>Largest datagram BouncyCastle writes: fits IPv6 minimum MTU with room for TURN framing.</summary>
    public const int DefaultMtu = 1200;

    /// <summary>Largest datagram accepted: a full Ethernet payload. Larger ones are dropped.</summary>
    public const int MaxIncomingDatagramSize = 1500;

    /// <summary>Datagrams held for BouncyCastle before new ones are dropped.</summary>
    public const int DefaultCapacity = 64;

    private readonly Action<ReadOnlyMemory<byte>> _send;
    private readonly int _mtu;
    private readonly int _capacity;
    private readonly Queue<(byte[] Buffer, int Length)> _queue = new();
    private readonly object _gate = new();
    private long _dropped;
    private long _sent;
    private bool _closed;

    /// <param name="send">
    /// Sends one datagram to the peer. The memory is only valid during the call; copy it if sending later.
    /// Called on BouncyCastle's thread.
    /// </param>
    /// <param name="mtu">Largest datagram to send.</param>
    /// <param name="capacity">Datagrams queued before <see cref="EnqueueIncoming"/> drops.</param>
    public DtlsDatagramChannel(Action<ReadOnlyMemory<byte>> send, int mtu = DefaultMtu, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, 256);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _send = send;
        _mtu = mtu;
        _capacity = capacity;
    }

    /// <summary>Datagrams dropped because the queue was full, too large, empty or the channel closed.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _dropped);

    /// <summary>Datagrams handed to the send delegate.</summary>
    public long SentDatagrams => Interlocked.Read(ref _sent);

    /// <summary>Datagrams waiting for BouncyCastle.</summary>
    public int PendingDatagrams
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>True after <see cref="Close"/>.</summary>
    public bool IsClosed => Volatile.Read(ref _closed);

    /// <summary>Called (on the enqueuing thread) after a datagram was queued; the post-handshake pump uses it.</summary>
    internal Action? DatagramQueued { get; set; }

    /// <summary>
    /// Copies one received DTLS datagram into the queue. Never blocks: returns false and counts a drop when
    /// the queue is full, the datagram is empty or too large, or the channel is closed.
    /// </summary>
    public bool EnqueueIncoming(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > MaxIncomingDatagramSize)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        lock (_gate)
        {
            if (_closed || _queue.Count >= _capacity)
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }

            byte[] copy = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(copy);
            _queue.Enqueue((copy, datagram.Length));
            Monitor.Pulse(_gate);
        }

        DatagramQueued?.Invoke();
        return true;
    }

    /// <inheritdoc />
    public int GetReceiveLimit() => MaxIncomingDatagramSize;

    /// <inheritdoc />
    public int GetSendLimit() => _mtu;

    /// <summary>
    /// Waits up to <paramref name="waitMillis"/> for a datagram and copies it into <paramref name="buf"/>.
    /// Returns -1 on timeout (BouncyCastle then retransmits its last flight); <paramref name="waitMillis"/> of
    /// zero or less polls. Throws <see cref="IOException"/> once closed, which aborts a running handshake.
    /// </summary>
    public int Receive(byte[] buf, int off, int len, int waitMillis)
    {
        (byte[] Buffer, int Length) item;
        lock (_gate)
        {
            if (_queue.Count == 0 && !_closed && waitMillis > 0)
            {
                long deadline = Environment.TickCount64 + waitMillis;
                long remaining = waitMillis;
                while (_queue.Count == 0 && !_closed && remaining > 0)
                {
                    Monitor.Wait(_gate, (int)remaining);
                    remaining = deadline - Environment.TickCount64;
                }
            }

            if (_closed)
            {
                throw new IOException("DTLS channel closed");
            }

            if (_queue.Count == 0)
            {
                return -1;
            }

            item = _queue.Dequeue();
        }

        // A datagram longer than the caller's buffer is truncated; DTLS drops the damaged record.
        int length = Math.Min(item.Length, len);
        Buffer.BlockCopy(item.Buffer, 0, buf, off, length);
        ArrayPool<byte>.Shared.Return(item.Buffer);
        return length;
    }

    /// <summary>Hands one datagram to the owner's send delegate; silently drops once closed.</summary>
    public void Send(byte[] buf, int off, int len)
    {
        if (IsClosed)
        {
            return;
        }

        if (len > _mtu)
        {
            // BouncyCastle fragments to GetSendLimit(); a larger record is a bug, never put it on the wire.
            throw new IOException($"DTLS record of {len} bytes exceeds MTU {_mtu}");
        }

        Interlocked.Increment(ref _sent);
        _send(new ReadOnlyMemory<byte>(buf, off, len));
    }

    /// <summary>Unblocks a waiting <see cref="Receive"/>, drops queued datagrams and stops sending.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            while (_queue.Count > 0)
            {
                ArrayPool<byte>.Shared.Return(_queue.Dequeue().Buffer);
            }

            Monitor.PulseAll(_gate);
        }
    }
}
