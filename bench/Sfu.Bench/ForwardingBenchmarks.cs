using BenchmarkDotNet.Attributes;
using Sfu.Forwarding;
using Sfu.Streams;

namespace Sfu.Bench;

/// <summary>
/// The per-packet, per-consumer decisions of the forwarding path in steady state. Each benchmark handles
/// <see cref="PacketsPerInvoke"/> packets per invocation, so the reported time is per packet. Target: 0 B.
/// </summary>
[MemoryDiagnoser]
public class ForwardingBenchmarks
{
    private const int PacketsPerInvoke = 1024;
    private const long TicksPerPacket = 10 * MediaTime.TicksPerMillisecond;

    private readonly byte[] _packet = new byte[1200];
    private Forwarder _forwarder = null!;
    private NackGenerator _nackGenerator = null!;
    private RetransmissionBuffer _retransmissionBuffer = null!;
    private ushort _sequenceNumber;
    private uint _timestamp;
    private long _now;

    [GlobalSetup]
    public void Setup()
    {
        _forwarder = new Forwarder(0x1234, isVideo: true);
        _forwarder.Decide(new IncomingPacketInfo(0xABCD, 0, 0, true, true, 1000, 90000), 0);
        _nackGenerator = new NackGenerator();
        _retransmissionBuffer = new RetransmissionBuffer();

        // Use every slot once so the pooled buffers are rented before measuring.
        for (int i = 0; i < RetransmissionBuffer.DefaultCapacity; i++)
        {
            _retransmissionBuffer.Store((ushort)i, _packet, 0);
        }

        _sequenceNumber = 1;
        _timestamp = 3000;
        _now = TicksPerPacket;
    }

    [GlobalCleanup]
    public void Cleanup() => _retransmissionBuffer.Dispose();

    [Benchmark(OperationsPerInvoke = PacketsPerInvoke)]
    public int ForwarderDecide()
    {
        int sum = 0;
        for (int i = 0; i < PacketsPerInvoke; i++)
        {
            var packet = new IncomingPacketInfo(0xABCD, _sequenceNumber++, _timestamp, (i & 3) == 3, false, 1000, 90000);
            ForwardDecision decision = _forwarder.Decide(packet, _now);
            sum += decision.NewSequenceNumber;
            _timestamp += (i & 3) == 3 ? 3000u : 0u;
            _now += TicksPerPacket;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = PacketsPerInvoke)]
    public int NackGeneratorCleanStream()
    {
        Span<ushort> nacks = stackalloc ushort[32];
        int sum = 0;
        for (int i = 0; i < PacketsPerInvoke; i++)
        {
            _nackGenerator.OnPacket(_sequenceNumber++, _now);
            sum += _nackGenerator.CollectNacks(_now, nacks);
            _now += TicksPerPacket;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = PacketsPerInvoke)]
    public bool RetransmissionBufferStore()
    {
        bool stored = true;
        for (int i = 0; i < PacketsPerInvoke; i++)
        {
            stored &= _retransmissionBuffer.Store(_sequenceNumber++, _packet, _now);
            _now += TicksPerPacket;
        }

        return stored;
    }

    [Benchmark(OperationsPerInvoke = PacketsPerInvoke)]
    public int KeyframeDetectorVp8()
    {
        ReadOnlySpan<byte> payload = [0x90, 0xe0, 0x80, 0x01, 0x05, 0x20, 0x50, 0x2d, 0x01, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01];
        int keyframes = 0;
        for (int i = 0; i < PacketsPerInvoke; i++)
        {
            keyframes += KeyframeDetector.IsKeyframe(VideoCodec.Vp8, payload) ? 1 : 0;
        }

        return keyframes;
    }
}
