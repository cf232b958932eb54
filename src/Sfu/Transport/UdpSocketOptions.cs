using Sfu.Transport.Batching;

namespace Sfu.Transport;

/// <summary>How a media worker's socket is set up; the engine fills it from Sfu:Socket* settings.</summary>
public sealed class UdpSocketOptions
{
    /// <summary>
    /// 8 MiB: a worker that stalls for 20 ms (a GC, a busy core) at 100k datagrams/s of 1,200 bytes must not lose any.
    /// As root the socket gets it past net.core.rmem_max (SO_RCVBUFFORCE); otherwise the kernel caps it there.
    /// </summary>
    public const int DefaultBufferSize = 8 * 1024 * 1024;

    public int ReceiveBufferSize { get; init; } = DefaultBufferSize;

    public int SendBufferSize { get; init; } = DefaultBufferSize;

    /// <summary>sendmmsg/recvmmsg on Linux; false forces one system call per datagram (the portable path).</summary>
    public bool Batching { get; init; } = true;

    /// <summary>UDP GSO for runs of same-size datagrams to one address (Linux 4.18+); off by itself where the kernel refuses it.</summary>
    public bool Gso { get; init; } = true;

    public int SendBatchSize { get; init; } = SendBatch.DefaultCapacity;

    public int ReceiveBatchSize { get; init; } = ReceiveBatch.DefaultCapacity;
}
