using System.Net;
using System.Net.Sockets;
using Sfu.Engine;
using Sfu.Transport;

namespace Sfu.IntegrationTests.Transport;

/// <summary>
/// The media worker's loop with batched I/O on a real loopback socket: every datagram is handed on once and in order
/// with its kernel arrival time, and what the handler sends during the pass leaves at the end of it (echoes arrive
/// intact and in order), in the batched and the portable configuration.
/// </summary>
public sealed class MediaWorkerBatchingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EchoesEveryDatagramInOrderWithArrivalTimes(bool batching)
    {
        var handler = new EchoHandler();
        using var worker = new MediaWorker(0, new IPEndPoint(IPAddress.Loopback, 0), TimeProvider.System, socketOptions: new UdpSocketOptions { Batching = batching });
        handler.Worker = worker;
        worker.Start(handler);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = (int)Timeout.TotalMilliseconds, ReceiveBufferSize = 4 << 20 };
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        const int count = 300;
        for (int i = 0; i < count; i++)
        {
            byte[] datagram = new byte[100 + (i % 7 * 150)];
            datagram[0] = 0xFF; // not a STUN/DTLS/RTP first byte: it stays ours
            BitConverter.TryWriteBytes(datagram.AsSpan(1), i);
            client.SendTo(datagram, worker.Socket.LocalEndPoint);
        }

        byte[] buffer = new byte[2048];
        for (int i = 0; i < count; i++)
        {
            int length = client.Receive(buffer);
            Assert.Equal(100 + (i % 7 * 150), length);
            Assert.Equal(i, BitConverter.ToInt32(buffer, 1));
        }

        lock (handler.Arrivals)
        {
            Assert.Equal(count, handler.Arrivals.Count);
            foreach ((long arrival, long now, bool fromKernel) in handler.Arrivals)
            {
                Assert.Equal(batching && OperatingSystem.IsLinux(), fromKernel);
                Assert.InRange(arrival, now - TimeSpan.TicksPerSecond, now);
            }
        }

        Assert.Equal(count, worker.DatagramsReceived);
        Assert.Equal(batching && OperatingSystem.IsLinux(), worker.Socket.SendBatch!.UsesSendMmsg);
    }

    [Fact]
    public void DatagramsTheKernelDroppedAtAFullSocketAreCountedByTheWorker()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // SO_RXQ_OVFL is Linux's
        }

        var handler = new SlowHandler();
        using var worker = new MediaWorker(0, new IPEndPoint(IPAddress.Loopback, 0), TimeProvider.System, socketOptions: new UdpSocketOptions { ReceiveBufferSize = 4096 });
        worker.Start(handler);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        byte[] datagram = new byte[1000];

        // The handler holds the worker while the burst overflows its 4 KiB buffer; the drops show on a later datagram.
        handler.Hold.Reset();
        client.SendTo(datagram, worker.Socket.LocalEndPoint);
        Assert.True(handler.Holding.Wait(Timeout));
        for (int i = 0; i < 100; i++)
        {
            client.SendTo(datagram, worker.Socket.LocalEndPoint);
        }

        handler.Hold.Set();
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (worker.KernelDrops == 0 && DateTime.UtcNow < deadline)
        {
            client.SendTo(datagram, worker.Socket.LocalEndPoint);
            Thread.Sleep(20);
        }

        Assert.InRange(worker.KernelDrops, 1, 100);
    }

    private sealed class SlowHandler : IDatagramHandler
    {
        public ManualResetEventSlim Hold { get; } = new(true);

        public ManualResetEventSlim Holding { get; } = new(false);

        public void OnDatagram(Span<byte> datagram, SocketAddress from, long nowTicks)
        {
            Holding.Set();
            Hold.Wait(Timeout);
        }

        public void OnTick(long nowTicks)
        {
        }
    }

    private sealed class EchoHandler : IDatagramHandler
    {
        public List<(long Arrival, long Now, bool FromKernel)> Arrivals { get; } = [];

        public MediaWorker? Worker { get; set; }

        public void OnDatagram(Span<byte> datagram, SocketAddress from, long nowTicks)
        {
            UdpSocket socket = Worker!.Socket;
            lock (Arrivals)
            {
                Arrivals.Add((socket.Arrival.Ticks, nowTicks, socket.Arrival.FromKernel));
            }

            socket.Send(datagram, from);
        }

        public void OnTick(long nowTicks)
        {
        }
    }
}
