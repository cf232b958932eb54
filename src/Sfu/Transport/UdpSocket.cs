using System.Net;
using System.Net.Sockets;
using Sfu.Transport.Batching;

namespace Sfu.Transport;

/// <summary>
/// The one UDP socket a media worker receives and sends on. Uses the .NET 8+ overloads that take a
/// <see cref="SocketAddress"/> so the receive loop reuses one address object (hot-path rule 8). Once the worker thread
/// calls <see cref="StartBatching"/>, what that thread sends is queued in a <see cref="SendBatch"/> and leaves with the
/// next <see cref="Flush"/> (sendmmsg on Linux), and it receives through a <see cref="ReceiveBatch"/> (recvmmsg).
/// Sends from other threads (the DTLS handshake thread) go out at once, so sending stays thread-safe.
/// </summary>
public sealed class UdpSocket : IDatagramSender, IDisposable
{
    private readonly Socket _socket;
    private readonly UdpSocketOptions _options;
    private SendBatch? _sendBatch;
    private int _batchThreadId = -1;

    public UdpSocket(IPEndPoint bindTo, UdpSocketOptions? options = null)
    {
        _options = options ?? new UdpSocketOptions();
        _socket = new Socket(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (bindTo.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = true;
        }

        SocketBuffers.Apply(_socket, _options.ReceiveBufferSize, _options.SendBufferSize);
        _socket.Bind(bindTo);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        AddressFamily = bindTo.AddressFamily;
        KernelTimestamps = _options.Batching && SocketBuffers.EnableReceiveAncillaryData(_socket);
    }

    public IPEndPoint LocalEndPoint { get; }

    public AddressFamily AddressFamily { get; }

    /// <summary>The receive buffer the kernel granted (it may cap or double what was asked).</summary>
    public int ReceiveBufferSize => _socket.ReceiveBufferSize;

    /// <summary>The send buffer the kernel granted.</summary>
    public int SendBufferSize => _socket.SendBufferSize;

    /// <summary>True when the kernel stamps each received datagram (SO_TIMESTAMPNS) and reports its drops (SO_RXQ_OVFL).</summary>
    public bool KernelTimestamps { get; }

    /// <summary>The worker thread's send batch, once batching started; null before or when batching is off.</summary>
    public SendBatch? SendBatch => _sendBatch;

    /// <summary>
    /// The kernel receive time of the datagram being handed on right now, on the engine's tick clock (see
    /// <see cref="ReceiveBatch.ArrivalTicks"/>). Set by the worker loop before each dispatch; the transport-wide
    /// congestion feedback reads it (through <see cref="PortContext.Arrival"/>) as the packet's arrival time.
    /// </summary>
    public DatagramArrival Arrival { get; } = new();

    /// <summary>A reusable address object of the right family for <see cref="Receive"/>.</summary>
    public SocketAddress CreateAddress() => new(AddressFamily);

    /// <summary>
    /// Called on the worker thread before its loop: from now on that thread's sends are batched until <see cref="Flush"/>.
    /// Returns the receive batch the loop should use.
    /// </summary>
    public ReceiveBatch StartBatching()
    {
        _sendBatch = new SendBatch(_socket, _options.SendBatchSize, _options.Batching, _options.Gso);
        _batchThreadId = Environment.CurrentManagedThreadId;
        return new ReceiveBatch(_socket, _options.ReceiveBatchSize, _options.Batching);
    }

    /// <summary>Sends what the worker thread queued since the last flush.</summary>
    public void Flush() => _sendBatch?.Flush();

    /// <summary>Waits up to <paramref name="microseconds"/> for a datagram to be ready.</summary>
    public bool Poll(int microseconds)
    {
        try
        {
            return _socket.Poll(microseconds, SelectMode.SelectRead);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Receives one datagram; returns its length, or -1 when the socket reports an error (ICMP unreachable and the like).</summary>
    public int Receive(Span<byte> buffer, SocketAddress from)
    {
        try
        {
            return _socket.ReceiveFrom(buffer, SocketFlags.None, from);
        }
        catch (SocketException)
        {
            // A previous send to a closed port surfaces here on some platforms; the socket stays usable.
            return -1;
        }
    }

    /// <summary>
    /// Sends one datagram, or on the batching thread queues a copy for the next flush. Returns false when the kernel
    /// refused it at once (the caller counts the loss); refusals at flush are counted as send_failed drops there.
    /// </summary>
    public bool Send(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        SendBatch? batch = _sendBatch;
        if (batch is not null && Environment.CurrentManagedThreadId == _batchThreadId)
        {
            return batch.Add(datagram, to);
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

    public void Dispose() => _socket.Dispose();
}
