using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Sfu.Transport.Batching;

namespace Sfu.Bench;

/// <summary>
/// The media worker's batched UDP path per datagram: queueing a 1,200-byte datagram in the <see cref="SendBatch"/> and
/// flushing it with sendmmsg to loopback receivers (a fan-out of <see cref="Fanout"/> per flush, as one forwarded
/// packet makes), against one SendTo per datagram; and reading a received datagram's ancillary data. Time is per
/// datagram; the kernel's loopback delivery is part of it (on a real NIC the receiving host pays that). Target: 0 B.
/// </summary>
[MemoryDiagnoser]
public class UdpBatchBenchmarks
{
    private const int Fanout = 16;

    private readonly byte[] _datagram = new byte[1200];
    private readonly byte[] _control = new byte[ControlMessages.ReceiveSpace];
    private Socket _sender = null!;
    private Socket[] _receivers = null!;
    private SocketAddress[] _addresses = null!;
    private SendBatch _batched = null!;
    private SendBatch _unbatched = null!;
    private Thread _drain = null!;
    private volatile bool _stopping;

    [GlobalSetup]
    public void Setup()
    {
        _sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { SendBufferSize = 8 << 20 };
        _sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receivers = new Socket[Fanout];
        _addresses = new SocketAddress[Fanout];
        for (int i = 0; i < Fanout; i++)
        {
            _receivers[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 8 << 20 };
            _receivers[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _addresses[i] = _receivers[i].LocalEndPoint!.Serialize();
        }

        _batched = new SendBatch(_sender);
        _unbatched = new SendBatch(_sender, useSystemBatching: false);
        _drain = new Thread(Drain) { IsBackground = true };
        _drain.Start();

        // A kernel-shaped SO_TIMESTAMPNS + SO_RXQ_OVFL block.
        BitConverter.TryWriteBytes(_control.AsSpan(0), 32L);
        BitConverter.TryWriteBytes(_control.AsSpan(8), 1);
        BitConverter.TryWriteBytes(_control.AsSpan(12), 35);
        BitConverter.TryWriteBytes(_control.AsSpan(16), 1_765_000_000L);
        BitConverter.TryWriteBytes(_control.AsSpan(32), 20L);
        BitConverter.TryWriteBytes(_control.AsSpan(40), 1);
        BitConverter.TryWriteBytes(_control.AsSpan(44), 40);
    }

    [Benchmark(OperationsPerInvoke = Fanout)]
    public void SendMmsgFanout() => Send(_batched);

    [Benchmark(OperationsPerInvoke = Fanout, Baseline = true)]
    public void SendToEachFanout() => Send(_unbatched);

    [Benchmark]
    public long ReadReceiveControl() => ControlMessages.Read(_control).RealtimeNanoseconds;

    [GlobalCleanup]
    public void Cleanup()
    {
        _stopping = true;
        _drain.Join();
        _sender.Dispose();
        foreach (Socket receiver in _receivers)
        {
            receiver.Dispose();
        }
    }

    private void Send(SendBatch batch)
    {
        for (int i = 0; i < Fanout; i++)
        {
            batch.Add(_datagram, _addresses[i]);
        }

        batch.Flush();
    }

    private void Drain()
    {
        byte[] buffer = new byte[2048];
        var ready = new List<Socket>(Fanout);
        while (!_stopping)
        {
            ready.Clear();
            ready.AddRange(_receivers);
            Socket.Select(ready, null, null, 100_000);
            foreach (Socket socket in ready)
            {
                while (socket.Available > 0)
                {
                    socket.Receive(buffer);
                }
            }
        }
    }
}
