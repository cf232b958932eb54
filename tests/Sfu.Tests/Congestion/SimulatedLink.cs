using Sfu.Congestion;
using Sfu.Wire.Rtcp;

namespace Sfu.Tests.Congestion;

/// <summary>
/// A bottleneck between the server and one subscriber, in simulated time, for the estimator's table tests: packets
/// leave the sender, wait in a FIFO queue drained at <see cref="CapacityBitsPerSecond"/> (tail drop past 400 ms of
/// queue), may be lost at random, and arrive after 20 ms of propagation at a real <see cref="TransportCcRecorder"/>,
/// whose feedback (written every 50 ms, as the server writes its own) is read back with
/// <see cref="TransportCcFeedback"/> and given to the estimator. The media sender either sends a fixed rate or follows
/// the estimate, as an encoder behind a stream allocator would; probes go out as the estimator paces them.
/// </summary>
internal sealed class SimulatedLink(SubscriberBandwidthEstimator estimator, int seed = 1)
{
    private const long Millisecond = TimeSpan.TicksPerMillisecond;
    private const int MediaPacketSize = 1200;
    private const int ProbeOverhead = 20; // RTP header and the transport-cc extension block around the padding
    private static readonly long Propagation = 20 * Millisecond;
    private static readonly long MaxQueue = 400 * Millisecond;

    private readonly Random _random = new(seed);
    private readonly TransportCcRecorder _recorder = new();
    private readonly Queue<(ushort Sequence, long Arrival)> _inFlight = new();
    private readonly byte[] _feedback = new byte[1500];
    private long _linkFreeAt;
    private double _mediaBudgetBits;

    public long CapacityBitsPerSecond { get; set; } = 10_000_000;

    public double LossFraction { get; set; }

    public long Now { get; private set; } = TimeSpan.FromSeconds(100).Ticks;

    /// <summary>Runs for <paramref name="duration"/>, sending media at <paramref name="mediaBitsPerSecond"/> (0: follow the estimate).</summary>
    public void Run(TimeSpan duration, long mediaBitsPerSecond = 0)
    {
        long end = Now + duration.Ticks;
        while (Now < end)
        {
            Now += Millisecond;
            long rate = mediaBitsPerSecond > 0 ? mediaBitsPerSecond : estimator.AvailableBitrate;
            _mediaBudgetBits = Math.Min(_mediaBudgetBits + (rate / 1000.0), 20 * MediaPacketSize * 8);
            while (_mediaBudgetBits >= MediaPacketSize * 8)
            {
                _mediaBudgetBits -= MediaPacketSize * 8;
                Send(MediaPacketSize, 0);
            }

            if (Now % (10 * Millisecond) == 0)
            {
                estimator.TryStartProbe(Now);
                while (estimator.TryTakeProbePacket(Now, out int size, out int cluster))
                {
                    Send(size + ProbeOverhead, cluster);
                }
            }

            while (_inFlight.Count > 0 && _inFlight.Peek().Arrival <= Now)
            {
                (ushort sequence, long arrival) = _inFlight.Dequeue();
                _recorder.OnPacket(sequence, arrival);
            }

            if (Now % (50 * Millisecond) == 0)
            {
                DeliverFeedback();
            }
        }
    }

    private void Send(int size, int cluster)
    {
        ushort sequence = estimator.OnPacketSent(size, Now, cluster);
        if (_random.NextDouble() < LossFraction)
        {
            return;
        }

        long start = Math.Max(Now, _linkFreeAt);
        if (start - Now > MaxQueue)
        {
            return; // the bottleneck's buffer is full
        }

        _linkFreeAt = start + (size * 8L * TimeSpan.TicksPerSecond / CapacityBitsPerSecond);
        _inFlight.Enqueue((sequence, _linkFreeAt + Propagation));
    }

    private void DeliverFeedback()
    {
        while (_recorder.HasPending)
        {
            int length = _recorder.WriteFeedback(_feedback, 1, 2);
            if (length == 0 || !TransportCcFeedback.TryRead(_feedback.AsSpan(0, length), out TransportCcFeedback feedback))
            {
                throw new InvalidOperationException("the recorder wrote feedback its reader rejects");
            }

            estimator.OnFeedback(feedback, Now);
        }
    }
}
