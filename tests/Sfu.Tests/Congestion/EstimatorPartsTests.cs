using Sfu.Congestion;
using Sfu.Wire.Rtcp;

namespace Sfu.Tests.Congestion;

/// <summary>The estimator's parts on their own: the overuse detector, the send history and the probe result.</summary>
public class EstimatorPartsTests
{
    [Theory]
    [InlineData(0.0, BandwidthUsage.Normal)]      // groups arrive as they were sent
    [InlineData(2.0, BandwidthUsage.Overusing)]   // each group 2 ms later than the last: a queue builds
    [InlineData(-2.0, BandwidthUsage.Underusing)] // each group earlier: a queue drains
    public void The_trendline_detector_reads_the_delay_slope(double extraDelayPerGroupMs, BandwidthUsage expected)
    {
        var detector = new TrendlineOveruseDetector();
        BandwidthUsage state = BandwidthUsage.Normal;
        bool seen = false;
        for (int i = 1; i <= 60; i++)
        {
            state = detector.Update(10, 10 + extraDelayPerGroupMs, i * 10.0);
            seen |= state == expected;
        }

        Assert.True(seen, $"never {expected}; last {state}, trend {detector.Trend}, threshold {detector.Threshold}");
        if (expected == BandwidthUsage.Normal)
        {
            Assert.Equal(BandwidthUsage.Normal, state);
        }
    }

    [Fact]
    public void Packets_arriving_in_a_burst_after_a_receiver_stall_join_the_group_before_them()
    {
        var grouper = new InterArrivalGrouper();
        Assert.False(grouper.TryAdd(0, 0, out _, out _, out _));
        Assert.False(grouper.TryAdd(10_000, 10_000, out _, out _, out _));
        Assert.True(grouper.TryAdd(20_000, 45_000, out long send, out long arrival, out _)); // the receiver stalled 25 ms
        Assert.Equal((10_000, 10_000), (send, arrival));

        // Sent 10 ms later but read 1 ms later: the same burst, not a group of its own.
        Assert.False(grouper.TryAdd(30_000, 46_000, out _, out _, out _));
        Assert.True(grouper.TryAdd(40_000, 60_000, out send, out arrival, out _));
        Assert.Equal((20_000, 36_000), (send, arrival)); // C (sent 20-30, read 45-46) after B (sent 10, read 10)

        // A burst lasts at most 100 ms: a long one (300 packets read 1 ms apart) is still cut into groups.
        var longBurst = new InterArrivalGrouper();
        int groups = 0;
        for (int i = 0; i < 300; i++)
        {
            groups += longBurst.TryAdd(i * 10_000, 100_000 + (i * 1_000), out _, out _, out _) ? 1 : 0;
        }

        Assert.InRange(groups, 1, 3);
    }

    [Fact]
    public void A_receiver_that_stalls_and_reads_its_queue_in_bursts_is_not_overuse()
    {
        // A packet every 2 ms on a path with 20 ms delay and no queue; the receiver's thread is descheduled for 30 ms
        // every 200 ms and then reads everything at once (what a browser on a busy CPU stamps as arrival times).
        var grouper = new InterArrivalGrouper();
        var detector = new TrendlineOveruseDetector();
        for (long send = 0; send < 20_000_000; send += 2_000)
        {
            long arrival = send + 20_000;
            long cycle = arrival % 200_000;
            if (cycle < 30_000)
            {
                arrival += 30_000 - cycle + ((cycle / 2_000) * 50); // read at the stall's end, 50 µs apart
            }

            if (grouper.TryAdd(send, arrival, out long sendDelta, out long arrivalDelta, out long groupArrival))
            {
                Assert.NotEqual(BandwidthUsage.Overusing, detector.Update(sendDelta / 1000.0, arrivalDelta / 1000.0, groupArrival / 1000.0));
            }
        }
    }

    [Fact]
    public void The_detector_ignores_non_finite_input_and_keeps_its_threshold_in_range()
    {
        var detector = new TrendlineOveruseDetector();
        detector.Update(double.NaN, 1, 1);
        detector.Update(1, double.PositiveInfinity, 2);
        for (int i = 0; i < 1000; i++)
        {
            detector.Update(0, i % 2 == 0 ? 1e9 : -1e9, 3 + i);
        }

        Assert.InRange(detector.Threshold, 6, 600);
        Assert.True(double.IsFinite(detector.Trend));
    }

    [Fact]
    public void The_history_numbers_packets_in_order_across_the_16_bit_wrap_and_acknowledges_each_once()
    {
        var history = new SentPacketHistory();
        for (int i = 0; i < 65_530; i++)
        {
            history.Add(100, i, 0);
        }

        ushort a = history.Add(1000, 1, 0);
        ushort b = history.Add(1001, 2, 7);
        Assert.Equal(65_530, a);
        for (int i = 0; i < 10; i++)
        {
            history.Add(50, 3, 0);
        }

        ushort wrapped = history.Add(77, 4, 0); // 65,542 on the wire is 6
        Assert.Equal(6, wrapped);
        Assert.True(history.TryGet(wrapped, out SentPacket last));
        Assert.Equal((77, 65_542L), (last.Size, last.Sequence));
        Assert.True(history.TryGet(b, out SentPacket probe));
        Assert.Equal((1001, 7), (probe.Size, probe.ProbeCluster));
        history.MarkAcknowledged(probe.Sequence);
        Assert.False(history.TryGet(b, out _));
        Assert.False(history.TryGet(7, out _)); // not sent yet
        Assert.False(history.TryGet(100, out _)); // overwritten long ago (older than the ring)
    }

    [Fact]
    public void A_probe_result_is_the_smaller_of_its_send_and_arrival_rates()
    {
        var meter = new ProbeResultMeter();
        meter.Begin(cluster: 3, plannedPackets: 10, nowMicros: 0);
        for (int i = 0; i < 10; i++)
        {
            // 1000 bytes every 4 ms sent (2 Mbit/s), arriving every 8 ms (1 Mbit/s): the link carries 1 Mbit/s.
            meter.OnReceived(3, i * 4_000, 50_000 + (i * 8_000), 1000);
            meter.OnReceived(4, i * 4_000, 50_000 + (i * 8_000), 1000); // another cluster's packets do not count
        }

        Assert.True(meter.TryComplete(200_000, out long bitrate));
        Assert.Equal(1_000_000, bitrate);
        Assert.False(meter.TryComplete(300_000, out _));
    }

    [Fact]
    public void A_probe_with_too_few_arrivals_fails_at_its_timeout()
    {
        var meter = new ProbeResultMeter();
        meter.Begin(cluster: 1, plannedPackets: 10, nowMicros: 0);
        meter.OnReceived(1, 0, 10_000, 1000);
        meter.OnReceived(1, 4_000, 14_000, 1000);
        Assert.False(meter.TryComplete(100_000, out _));
        Assert.True(meter.TryComplete(ProbeResultMeter.TimeoutMicros, out long bitrate));
        Assert.Equal(0, bitrate);
    }

    [Fact]
    public void Numbering_packets_and_taking_feedback_allocates_nothing_in_steady_state()
    {
        var estimator = new SubscriberBandwidthEstimator(SubscriberBandwidthSettings.Default);
        estimator.SetWantedBitrate(20_000_000); // probes run too
        var packets = new TransportCcPacket[100];
        byte[] buffer = new byte[1500];
        long now = TimeSpan.FromSeconds(10).Ticks;

        void Round()
        {
            estimator.TryStartProbe(now);
            while (estimator.TryTakeProbePacket(now, out int size, out int cluster))
            {
                estimator.OnPacketSent(size, now, cluster);
            }

            for (int i = 0; i < packets.Length; i++)
            {
                ushort sequence = estimator.OnPacketSent(1200, now + (i * TimeSpan.TicksPerMillisecond / 2));
                packets[i] = new TransportCcPacket(sequence, received: i % 10 != 0, i == 0 ? 0 : 2);
            }

            now += 50 * TimeSpan.TicksPerMillisecond;
            int length = TransportCcFeedbackWriter.Write(buffer, 1, 2, (uint)(now / TimeSpan.TicksPerMillisecond / 64), 0, packets);
            Assert.True(TransportCcFeedback.TryRead(buffer.AsSpan(0, length), out TransportCcFeedback feedback));
            estimator.OnFeedback(feedback, now);
        }

        for (int i = 0; i < 50; i++)
        {
            Round();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            Round();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
