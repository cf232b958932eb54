using System.Net;
using System.Net.Sockets;
using Sfu.Transport;
using Sfu.Transport.Batching;

namespace Sfu.IntegrationTests.Transport;

/// <summary>
/// <see cref="SendBatch"/> and <see cref="ReceiveBatch"/> against real loopback sockets: every datagram arrives intact
/// and in order per destination, through sendmmsg with GSO runs, sendmmsg without GSO and the portable path alike;
/// receives carry the sender, the kernel's receive time and the socket's drop counter.
/// </summary>
public sealed class BatchedUdpTests : IDisposable
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _sender = Bind();
    private readonly Socket[] _receivers = [Bind(), Bind(), Bind()];

    public static TheoryData<bool, bool> Paths => new() { { true, true }, { true, false }, { false, false } };

    [Theory]
    [MemberData(nameof(Paths))]
    public void EveryDatagramArrivesIntactAndInOrderPerDestination(bool systemBatching, bool gso)
    {
        var batch = new SendBatch(_sender, capacity: 64, systemBatching, gso);
        SocketAddress[] destinations = Addresses();
        var expected = new List<byte[]>[_receivers.Length];
        for (int r = 0; r < expected.Length; r++)
        {
            expected[r] = [];
        }

        // Interleaved like a fan-out: runs of equal size (a video frame's packets) broken by other sizes (audio).
        int[] sizes = [1200, 1200, 1200, 160, 1200, 1200, 900, 900, 1200];
        for (int i = 0; i < 60; i++)
        {
            int r = i % 3 == 2 ? 2 : i % 2;
            byte[] datagram = Datagram(i, sizes[i % sizes.Length]);
            expected[r].Add(datagram);
            Assert.True(batch.Add(datagram, destinations[r]));
        }

        batch.Flush();

        Assert.Equal(0, batch.Count);
        Assert.Equal(60, batch.DatagramsSent);
        Assert.Equal(0, batch.DatagramsFailed);
        for (int r = 0; r < _receivers.Length; r++)
        {
            AssertReceives(_receivers[r], expected[r]);
        }

        if (!systemBatching)
        {
            Assert.Equal(60, batch.SystemCalls);
        }
        else if (batch.UsesSendMmsg)
        {
            Assert.True(batch.SystemCalls < 60, $"{batch.SystemCalls} system calls for 60 datagrams");
        }

        if (gso && batch.UsesGso)
        {
            Assert.True(batch.GsoSegments > 0);
        }
        else
        {
            Assert.Equal(0, batch.GsoSegments);
        }
    }

    [Fact]
    public void AGsoRunToOneAddressIsSplitIntoItsDatagrams()
    {
        var batch = new SendBatch(_sender, capacity: 64);
        SocketAddress to = Addresses()[0];
        var expected = new List<byte[]>();
        for (int i = 0; i < 64; i++)
        {
            expected.Add(Datagram(i, 1000));
            batch.Add(expected[^1], to);
        }

        batch.Flush();

        AssertReceives(_receivers[0], expected);
        if (batch.UsesGso)
        {
            Assert.Equal(64, batch.GsoSegments);
            Assert.Equal(1, batch.SystemCalls);
        }
    }

    [Fact]
    public void AFullBatchFlushesByItself()
    {
        var batch = new SendBatch(_sender, capacity: 4);
        SocketAddress to = Addresses()[1];
        var expected = new List<byte[]>();
        for (int i = 0; i < 10; i++)
        {
            expected.Add(Datagram(i, 100 + i));
            batch.Add(expected[^1], to);
        }

        Assert.Equal(2, batch.Count);
        AssertReceives(_receivers[1], expected[..8]);
        batch.Flush();
        AssertReceives(_receivers[1], expected[8..]);
    }

    [Fact]
    public void AnOversizedDatagramIsSentAtOnce()
    {
        var batch = new SendBatch(_sender);
        byte[] large = Datagram(1, SendBatch.SlotBytes + 500);

        Assert.True(batch.Add(large, Addresses()[2]));

        Assert.Equal(0, batch.Count);
        AssertReceives(_receivers[2], [large]);
    }

    [Fact]
    public void ReceivesABatchWithSendersAndKernelTimes()
    {
        Socket receiver = _receivers[0];
        Assert.True(SocketBuffersEnable(receiver));
        var batch = new ReceiveBatch(receiver, capacity: 8);
        var expected = new List<byte[]>();
        for (int i = 0; i < 20; i++)
        {
            expected.Add(Datagram(i, 50 + (i * 10)));
            _sender.SendTo(expected[^1], receiver.LocalEndPoint!);
        }

        var from = new SocketAddress(AddressFamily.InterNetwork);
        var got = new List<byte[]>();
        long before = LinuxRealtime();
        DateTime deadline = DateTime.UtcNow + ReceiveTimeout;
        while (got.Count < expected.Count && DateTime.UtcNow < deadline)
        {
            int count = batch.Receive();
            Assert.InRange(count, 0, batch.Capacity);
            for (int i = 0; i < count; i++)
            {
                got.Add(batch.Datagram(i).ToArray());
                batch.CopySender(i, from);
                Assert.Equal(_sender.LocalEndPoint, new IPEndPoint(IPAddress.Any, 0).Create(from));
                if (batch.UsesRecvMmsg)
                {
                    Assert.True(batch.HasKernelTime(i));
                    long now = 1_000_000_000;
                    Assert.InRange(batch.ArrivalTicks(i, now, LinuxRealtime()), now - TimeSpan.TicksPerSecond, now);
                }
            }
        }

        Assert.Equal(expected, got);
        if (batch.UsesRecvMmsg)
        {
            Assert.True(batch.SystemCalls < 20);
        }

        Assert.True(LinuxRealtime() >= before);
    }

    [Fact]
    public void ATruncatedDatagramIsReportedNotHandedOn()
    {
        var batch = new ReceiveBatch(_receivers[1]);
        _sender.SendTo(Datagram(0, ReceiveBatch.SlotBytes + 100), _receivers[1].LocalEndPoint!);
        _sender.SendTo(Datagram(1, 10), _receivers[1].LocalEndPoint!);

        var lengths = new List<int>();
        DateTime deadline = DateTime.UtcNow + ReceiveTimeout;
        while (lengths.Count < 2 && DateTime.UtcNow < deadline)
        {
            int count = batch.Receive();
            for (int i = 0; i < count; i++)
            {
                lengths.Add(batch.Length(i));
            }
        }

        Assert.Equal([-1, 10], lengths);
    }

    [Fact]
    public void KernelDropsAtAFullSocketAreCounted()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // SO_RXQ_OVFL is Linux's
        }

        using var small = new UdpSocket(new IPEndPoint(IPAddress.Loopback, 0), new UdpSocketOptions { ReceiveBufferSize = 4096 });
        ReceiveBatch batch = small.StartBatching();
        byte[] datagram = Datagram(0, 1000);
        for (int i = 0; i < 200; i++)
        {
            _sender.SendTo(datagram, small.LocalEndPoint);
        }

        // The kernel stamps each queued datagram with the drop count at the time it was queued, so the drops show on
        // the first datagram queued after them: drain, then send one more.
        while (batch.Receive() > 0)
        {
        }

        _sender.SendTo(datagram, small.LocalEndPoint);
        DateTime deadline = DateTime.UtcNow + ReceiveTimeout;
        while (batch.KernelDrops == 0 && DateTime.UtcNow < deadline)
        {
            batch.Receive();
        }

        Assert.True(small.KernelTimestamps);
        Assert.InRange(batch.KernelDrops, 1, 199);
    }

    public void Dispose()
    {
        _sender.Dispose();
        foreach (Socket receiver in _receivers)
        {
            receiver.Dispose();
        }
    }

    private static bool SocketBuffersEnable(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        socket.SetRawSocketOption(1, 35, BitConverter.GetBytes(1)); // SO_TIMESTAMPNS
        socket.SetRawSocketOption(1, 40, BitConverter.GetBytes(1)); // SO_RXQ_OVFL
        return true;
    }

    private static long LinuxRealtime() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    private SocketAddress[] Addresses()
    {
        var addresses = new SocketAddress[_receivers.Length];
        for (int r = 0; r < addresses.Length; r++)
        {
            addresses[r] = _receivers[r].LocalEndPoint!.Serialize();
        }

        return addresses;
    }

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveBufferSize = 1 << 20;
        socket.ReceiveTimeout = (int)ReceiveTimeout.TotalMilliseconds;
        return socket;
    }

    /// <summary>A datagram whose every byte depends on its index and position, so a mix-up or a cut shows.</summary>
    private static byte[] Datagram(int index, int length)
    {
        byte[] datagram = new byte[length];
        for (int i = 0; i < length; i++)
        {
            datagram[i] = (byte)((index * 31) + (i * 7));
        }

        BitConverter.TryWriteBytes(datagram, index);
        return datagram;
    }

    private static void AssertReceives(Socket receiver, IReadOnlyList<byte[]> expected)
    {
        byte[] buffer = new byte[4096];
        foreach (byte[] datagram in expected)
        {
            int length = receiver.Receive(buffer);
            Assert.Equal(datagram, buffer.AsSpan(0, length).ToArray());
        }
    }
}
