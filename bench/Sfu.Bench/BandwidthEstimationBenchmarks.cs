using BenchmarkDotNet.Attributes;
using Sfu.Congestion;
using Sfu.Wire.Rtcp;

namespace Sfu.Bench;

/// <summary>
/// The send-side estimator's per-packet and per-feedback work for one subscriber: numbering a sent packet, and taking a
/// 50 ms feedback message of 100 packets (the server's share of a 2.4 Mbit/s subscriber). Target: 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class BandwidthEstimationBenchmarks
{
    private const int PacketsPerFeedback = 100;
    private readonly byte[] _feedback = new byte[1500];
    private readonly TransportCcPacket[] _packets = new TransportCcPacket[PacketsPerFeedback];
    private SubscriberBandwidthEstimator _estimator = null!;
    private long _now;
    private int _feedbackLength;

    [GlobalSetup]
    public void Setup()
    {
        _estimator = new SubscriberBandwidthEstimator(SubscriberBandwidthSettings.Default);
        _now = TimeSpan.FromSeconds(10).Ticks;
    }

    [Benchmark]
    public ushort NumberSentPacket() => _estimator.OnPacketSent(1200, _now++);

    /// <summary>Sends 100 packets 0.5 ms apart, then processes the feedback acknowledging them 0.5 ms apart.</summary>
    [Benchmark(OperationsPerInvoke = PacketsPerFeedback)]
    public long SendAndTakeFeedback()
    {
        ushort first = 0;
        for (int i = 0; i < PacketsPerFeedback; i++)
        {
            ushort sequence = _estimator.OnPacketSent(1200, _now + (i * TimeSpan.TicksPerMillisecond / 2));
            first = i == 0 ? sequence : first;
            _packets[i] = new TransportCcPacket(sequence, received: true, i == 0 ? 0 : 2);
        }

        _now += 50 * TimeSpan.TicksPerMillisecond;
        _feedbackLength = TransportCcFeedbackWriter.Write(_feedback, 1, 2, (uint)(_now / TimeSpan.TicksPerMillisecond / 64), 0, _packets);
        TransportCcFeedback.TryRead(_feedback.AsSpan(0, _feedbackLength), out TransportCcFeedback feedback);
        _estimator.OnFeedback(feedback, _now);
        return _estimator.AvailableBitrate;
    }
}
