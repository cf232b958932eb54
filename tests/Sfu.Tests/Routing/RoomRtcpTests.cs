using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Streams;
using Sfu.Wire.Rtcp;

namespace Sfu.Tests.Routing;

/// <summary>
/// The reports the server originates once a second, read back decrypted from the browsers: an RR (+REMB) to each
/// publisher about what it received, and an SR per consumer to each subscriber about what it forwarded.
/// </summary>
public class RoomRtcpTests
{
    private const long Millisecond = TimeSpan.TicksPerMillisecond;
    private const long Second = TimeSpan.TicksPerSecond;
    private const int VideoClock = 90_000;
    private const int AudioClock = 48_000;

    [Fact]
    public void The_publisher_gets_one_receiver_report_a_second_with_loss_sequence_jitter_lsr_and_dlsr_of_its_streams_and_a_remb()
    {
        var harness = new RoutingHarness();
        var (alice, _) = harness.PublishAndSubscribe("alice", 100, "bob");
        uint video = RoutingHarness.VideoSsrc(100);
        uint audio = RoutingHarness.AudioSsrc(100);
        StartAfterReport(harness, alice);

        // An SR from the publisher first: the next report block echoes the middle 32 bits of its NTP timestamp.
        const ulong publisherNtp = 0xE1B2_C3D4_5566_7788;
        long srArrival = harness.Now;
        alice.SendRtcp(BrowserPackets.SenderReport(video, publisherNtp, 12345, 10, 1000));

        // 20 video numbers across the 16-bit wrap, one lost (index 7) and one 10 ms late (index 12); 10 audio packets in order.
        long start = harness.Now;
        var arrivals = new List<(long Ticks, uint Timestamp)>();
        for (int i = 0; i < 20; i++)
        {
            long arrival = start + (i * 33 * Millisecond) + (i == 12 ? 10 * Millisecond : 0);
            harness.AdvanceTo(arrival);
            if (i < 10)
            {
                alice.SendRtp(BrowserPackets.Opus(audio, (ushort)(7000 + i), (uint)(i * 1584)));
            }

            if (i == 7)
            {
                continue;
            }

            uint timestamp = (uint)(1000 + (i * 2970));
            alice.SendRtp(BrowserPackets.Vp8(video, unchecked((ushort)(65530 + i)), timestamp, keyframe: i == 0));
            arrivals.Add((arrival, timestamp));
        }

        Assert.True(harness.Now - start < Second, "every packet falls into one report interval");
        alice.ClearReceived();
        harness.AdvanceUntil(() => alice.RtcpMessages<RrMessage>().Any(), TimeSpan.FromSeconds(1.1), "the next receiver report");

        ReceivedRtcp report = Assert.Single(alice.Rtcp);
        RrMessage rr = Assert.Single(report.Messages.OfType<RrMessage>());
        Assert.Equal(alice.Participant.RtcpSsrc, rr.SenderSsrc);
        Assert.Equal(2, rr.Blocks.Length);

        ReportBlock videoBlock = Assert.Single(rr.Blocks, b => b.Ssrc == video);
        Assert.Equal(65536u + 13, videoBlock.HighestSequenceNumber); // 65530 + 19 after one wrap
        Assert.Equal(1, videoBlock.CumulativeLost);
        Assert.Equal((byte)(256 / 20), videoBlock.FractionLost);
        Assert.InRange(videoBlock.Jitter, ExpectedJitter(arrivals, VideoClock) - 2, ExpectedJitter(arrivals, VideoClock) + 2);
        Assert.True(videoBlock.Jitter > 0);
        Assert.Equal(0xC3D4_5566u, videoBlock.LastSenderReport); // the middle 32 bits of 0xE1B2_C3D4_5566_7788
        Assert.InRange(videoBlock.DelaySinceLastSenderReport, CompactUnits(report.AtTicks - srArrival) - 1, CompactUnits(report.AtTicks - srArrival) + 1);

        ReportBlock audioBlock = Assert.Single(rr.Blocks, b => b.Ssrc == audio);
        Assert.Equal(7009u, audioBlock.HighestSequenceNumber);
        Assert.Equal(0, audioBlock.CumulativeLost);
        Assert.Equal(0, audioBlock.FractionLost);
        Assert.Equal(0u, audioBlock.Jitter); // 33 ms apart in arrival and in 1584 units at 48 kHz
        Assert.Equal(0u, audioBlock.LastSenderReport);
        Assert.Equal(0u, audioBlock.DelaySinceLastSenderReport);

        RembMessage remb = Assert.Single(report.Messages.OfType<RembMessage>());
        Assert.Equal(alice.Participant.RtcpSsrc, remb.SenderSsrc);
        Assert.Equal(1_000_000ul, remb.Bitrate);
        Assert.Equal([video], remb.Ssrcs);

        // Once a second, whatever the tick rate; an interval without packets reports no new loss.
        alice.ClearReceived();
        harness.Run(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(10));
        long[] times = [.. alice.Rtcp.Where(p => p.Messages.OfType<RrMessage>().Any()).Select(p => p.AtTicks)];
        Assert.Equal(3, times.Length);
        Assert.Equal(3, alice.RtcpMessages<RrMessage>().Count());
        Assert.All(times.Zip(times.Skip(1), (a, b) => b - a), gap => Assert.InRange(gap, Second, Second + (10 * Millisecond)));
        Assert.All(alice.RtcpMessages<RrMessage>(), later => Assert.Equal(0, Assert.Single(later.Blocks, b => b.Ssrc == video).FractionLost));
        Assert.Empty(alice.RtcpMessages<SrMessage>()); // alice subscribes to nothing
    }

    [Fact]
    public void A_publisher_that_sent_nothing_yet_gets_a_remb_but_no_report_block()
    {
        var harness = new RoutingHarness();
        var (alice, _) = harness.PublishAndSubscribe("alice", 100, "bob");
        alice.ClearReceived();

        harness.Run(TimeSpan.FromSeconds(1.5), TimeSpan.FromMilliseconds(10));

        RrMessage rr = Assert.Single(alice.RtcpMessages<RrMessage>());
        Assert.Empty(rr.Blocks);
        Assert.Equal([RoutingHarness.VideoSsrc(100)], Assert.Single(alice.RtcpMessages<RembMessage>()).Ssrcs);
    }

    [Fact]
    public void Each_subscriber_gets_an_sr_per_consumer_with_its_ssrc_the_forwarded_counts_and_a_timestamp_that_follows_the_stream()
    {
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob", "carol");
        uint video = RoutingHarness.VideoSsrc(100);
        uint audio = RoutingHarness.AudioSsrc(100);
        for (int i = 0; i < 15; i++)
        {
            alice.SendRtp(BrowserPackets.Opus(audio, (ushort)(300 + i), (uint)(5000 + (i * 960)), payloadLength: 30 + i));
            if (i % 2 == 0)
            {
                alice.SendRtp(BrowserPackets.Vp8(video, (ushort)(900 + i), (uint)(70_000 + (i * 1800)), keyframe: i == 0, payloadLength: 200 + i));
            }

            harness.Advance(TimeSpan.FromMilliseconds(20));
        }

        // Counts are cumulative: the next SR after the stream stopped covers every packet the browser decrypted.
        foreach (ScriptedBrowser subscriber in subscribers)
        {
            subscriber.Rtcp.Clear();
            harness.AdvanceUntil(() => subscriber.RtcpMessages<SrMessage>().Any(), TimeSpan.FromSeconds(1.1), subscriber.Id + "'s sender reports");
            ReceivedRtcp reports = Assert.Single(subscriber.Rtcp, p => p.Messages.OfType<SrMessage>().Any());
            SrMessage[] srs = [.. reports.Messages.OfType<SrMessage>()];
            Assert.Equal(2, srs.Length);
            foreach (Consumer consumer in subscriber.Participant.Consumers)
            {
                SrMessage sr = Assert.Single(srs, s => s.Ssrc == consumer.Ssrc);
                ReceivedRtp[] forwarded = [.. subscriber.RtpOn(consumer.Ssrc)];
                Assert.Equal(consumer.Producer.Kind == MediaKind.Video ? 8 : 15, forwarded.Length);
                Assert.Equal((uint)forwarded.Length, sr.PacketCount);
                Assert.Equal((uint)forwarded.Sum(p => p.Payload.Length), sr.OctetCount);
                Assert.Equal(RoutingHarness.NtpAt(reports.AtTicks), sr.NtpTimestamp);
                int clock = consumer.Producer.Kind == MediaKind.Video ? VideoClock : AudioClock;
                ReceivedRtp last = forwarded[^1];
                Assert.Equal(unchecked(last.Timestamp + (uint)MediaTime.TicksToRtpUnits(reports.AtTicks - last.AtTicks, clock)), sr.RtpTimestamp);
                Assert.Empty(sr.Blocks);
            }

            // A second later, with nothing forwarded in between, the timestamp has moved on by one second of the clock.
            subscriber.ClearReceived();
            harness.AdvanceUntil(() => subscriber.RtcpMessages<SrMessage>().Any(), TimeSpan.FromSeconds(1.1), "the next sender reports");
            ReceivedRtcp next = Assert.Single(subscriber.Rtcp, p => p.Messages.OfType<SrMessage>().Any());
            Assert.Equal(Second, next.AtTicks - reports.AtTicks);
            foreach (SrMessage sr in next.Messages.OfType<SrMessage>())
            {
                SrMessage before = Assert.Single(srs, s => s.Ssrc == sr.Ssrc);
                int clock = subscriber.Participant.Consumers.Single(c => c.Ssrc == sr.Ssrc).Producer.ClockRate;
                Assert.Equal(before.PacketCount, sr.PacketCount);
                Assert.Equal(before.OctetCount, sr.OctetCount);
                Assert.Equal(unchecked(before.RtpTimestamp + (uint)clock), sr.RtpTimestamp);
            }
        }

        Assert.NotEqual(subscribers[0].Participant.Consumers[0].Ssrc, subscribers[1].Participant.Consumers[0].Ssrc);
    }

    [Fact]
    public void A_consumer_that_forwarded_nothing_gets_no_sender_report()
    {
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        ScriptedBrowser bob = subscribers[0];
        alice.SendRtp(BrowserPackets.Opus(RoutingHarness.AudioSsrc(100), 1, 0));
        bob.ClearReceived();

        harness.Run(TimeSpan.FromSeconds(1.5), TimeSpan.FromMilliseconds(10));

        Consumer audio = bob.Participant.Consumers.Single(c => c.Producer.Kind == MediaKind.Audio);
        Assert.Equal([audio.Ssrc], bob.RtcpMessages<SrMessage>().Select(s => s.Ssrc).Distinct());
    }

    /// <summary>Advances until the browser has just received the server's periodic report, then clears what it recorded.</summary>
    private static void StartAfterReport(RoutingHarness harness, ScriptedBrowser browser)
    {
        browser.ClearReceived();
        harness.AdvanceUntil(() => browser.Rtcp.Any(p => p.Messages.Any(m => m is RrMessage or SrMessage)), TimeSpan.FromSeconds(1.1), "a periodic report");
        browser.ClearReceived();
    }

    /// <summary>RFC 3550 section 6.4.1 / A.8 interarrival jitter, J += (|D| - J) / 16, in floating point.</summary>
    private static uint ExpectedJitter(List<(long Ticks, uint Timestamp)> arrivals, int clockRate)
    {
        double jitter = 0;
        for (int i = 1; i < arrivals.Count; i++)
        {
            double transit = (arrivals[i].Ticks * (double)clockRate / Second) - arrivals[i].Timestamp;
            double previous = (arrivals[i - 1].Ticks * (double)clockRate / Second) - arrivals[i - 1].Timestamp;
            jitter += (Math.Abs(transit - previous) - jitter) / 16;
        }

        return (uint)Math.Round(jitter);
    }

    private static uint CompactUnits(long ticks) => (uint)(ticks * 65536 / Second);
}
