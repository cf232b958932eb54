using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Streams;

namespace Sfu.Tests.Routing;

/// <summary>
/// A publisher that changes SSRC on an m= line (a re-offer with new SSRCs, a replaced track, Firefox's late SSRCs
/// learned through the MID header extension): subscribers keep their consumers and see one continuous stream.
/// </summary>
public class RoomSsrcChangeTests
{
    private const long Millisecond = TimeSpan.TicksPerMillisecond;

    [Theory]
    [InlineData(MediaKind.Video, true)]
    [InlineData(MediaKind.Video, false)]
    [InlineData(MediaKind.Audio, true)]
    [InlineData(MediaKind.Audio, false)]
    public void Subscribers_keep_their_consumer_ssrc_and_sequence_across_a_publisher_ssrc_change(MediaKind kind, bool viaReoffer)
    {
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob", "carol");
        bool video = kind == MediaKind.Video;
        uint oldSsrc = video ? RoutingHarness.VideoSsrc(100) : RoutingHarness.AudioSsrc(100);
        uint newSsrc = video ? RoutingHarness.VideoSsrc(600) : RoutingHarness.AudioSsrc(600);
        string mid = video ? "1" : "0";
        int clock = video ? 90_000 : 48_000;
        uint step = video ? 3000u : 960u;
        Consumer[][] consumersBefore = [.. subscribers.Select(s => s.Participant.Consumers.ToArray())];
        Consumer[] consumers = [.. subscribers.Select(s => s.Participant.Consumers.Single(c => c.Producer.Kind == kind))];
        uint[] outgoing = [.. consumers.Select(c => c.Ssrc)];

        for (int i = 0; i < 5; i++)
        {
            alice.SendRtp(Packet(video, oldSsrc, (ushort)(100 + i), (uint)(10_000 + (i * step)), keyframe: i == 0, mid: null));
            harness.Advance(TimeSpan.FromMilliseconds(20));
        }

        if (viaReoffer)
        {
            alice.Publish(600);
        }

        // The new source starts with other numbers; video's first packet is a delta frame and waits for a keyframe.
        long switchAt = harness.Now;
        for (int i = 0; i < 5; i++)
        {
            alice.SendRtp(Packet(video, newSsrc, (ushort)(40_000 + i), (uint)(987_654_321 + (i * step)), keyframe: i == 1, mid: viaReoffer ? null : mid));
            harness.Advance(TimeSpan.FromMilliseconds(20));
        }

        Producer producer = alice.Participant.Producers.Single(p => p.Kind == kind);
        Assert.Equal(newSsrc, producer.Ssrc);
        for (int s = 0; s < subscribers.Length; s++)
        {
            ScriptedBrowser subscriber = subscribers[s];
            Assert.Equal(consumersBefore[s], subscriber.Participant.Consumers); // the same objects, in the same order
            Assert.Equal(outgoing[s], consumers[s].Ssrc);
            Assert.Contains(consumers[s], harness.Router.ConsumersOf(producer));

            ReceivedRtp[] received = [.. subscriber.Rtp.Where(p => p.PayloadType == (video ? BrowserPackets.Vp8PayloadType : BrowserPackets.OpusPayloadType))];
            Assert.All(received, p => Assert.Equal(outgoing[s], p.Ssrc));
            int expected = video ? 9 : 10; // the delta frame before the new source's keyframe is dropped
            Assert.Equal(expected, received.Length);
            Assert.Equal(Enumerable.Range(100, expected), received.Select(p => (int)p.SequenceNumber));

            // Timestamps continue from the old source by the wallclock elapsed, then follow the new source's steps.
            ReceivedRtp lastOld = received[4];
            ReceivedRtp firstNew = received[5];
            uint elapsed = (uint)MediaTime.TicksToRtpUnits(firstNew.AtTicks - lastOld.AtTicks, clock);
            Assert.Equal(unchecked(lastOld.Timestamp + elapsed), firstNew.Timestamp);
            for (int i = 6; i < received.Length; i++)
            {
                Assert.Equal(unchecked(received[i - 1].Timestamp + step), received[i].Timestamp);
            }

            Assert.Equal(video ? switchAt + (20 * Millisecond) : switchAt, firstNew.AtTicks);
        }
    }

    [Fact]
    public void After_an_ssrc_change_reports_and_keyframe_requests_name_the_new_ssrc_and_old_packets_still_forward_nothing_twice()
    {
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        ScriptedBrowser bob = subscribers[0];
        uint oldSsrc = RoutingHarness.VideoSsrc(100);
        uint newSsrc = RoutingHarness.VideoSsrc(600);
        alice.SendRtp(BrowserPackets.Vp8(oldSsrc, 1, 0, keyframe: true));
        harness.Advance(TimeSpan.FromMilliseconds(30));

        alice.Publish(600);
        alice.SendRtp(BrowserPackets.Vp8(newSsrc, 500, 90_000, keyframe: true));
        alice.SendRtp(BrowserPackets.Vp8(newSsrc, 501, 93_000, keyframe: false));
        alice.ClearReceived();
        harness.AdvanceUntil(() => alice.RtcpMessages<RrMessage>().Any(r => r.Blocks.Length > 0), TimeSpan.FromSeconds(1.1), "a receiver report with blocks");

        RrMessage rr = alice.RtcpMessages<RrMessage>().Last();
        Assert.Equal(newSsrc, Assert.Single(rr.Blocks).Ssrc);
        Assert.Equal(501u, rr.Blocks[0].HighestSequenceNumber);
        Assert.Equal(0, rr.Blocks[0].CumulativeLost);
        Assert.Equal([newSsrc], alice.RtcpMessages<RembMessage>().Last().Ssrcs);

        harness.Run(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(50));
        Consumer consumer = bob.Participant.Consumers.Single(c => c.Producer.Kind == MediaKind.Video);
        bob.SendRtcp(BrowserPackets.Pli(1, consumer.Ssrc));
        Assert.Equal(newSsrc, alice.RtcpMessages<PliMessage>().Last().MediaSsrc);

        // A late packet of the old SSRC is no longer announced: it is dropped, not forwarded under the consumer's SSRC.
        int before = bob.Rtp.Count;
        alice.SendRtp(BrowserPackets.Vp8(oldSsrc, 2, 3000, keyframe: false));
        Assert.Equal(before, bob.Rtp.Count);
        Assert.Equal([1, 2, 3], bob.RtpOn(consumer.Ssrc).Select(p => (int)p.SequenceNumber));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_retransmission_on_an_unannounced_ssrc_tagged_with_the_mid_repairs_the_stream_instead_of_taking_it_over(bool afterMidLearnedSsrc)
    {
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        ScriptedBrowser bob = subscribers[0];
        uint media = afterMidLearnedSsrc ? RoutingHarness.VideoSsrc(600) : RoutingHarness.VideoSsrc(100);
        string? mid = afterMidLearnedSsrc ? "1" : null;
        const uint unannouncedRtx = 777_777;
        byte[] lost = BrowserPackets.Vp8(media, 11, 3000, keyframe: false, mid: "1");
        alice.SendRtp(BrowserPackets.Vp8(media, 10, 0, keyframe: true, mid));
        alice.SendRtp(BrowserPackets.Vp8(media, 12, 6000, keyframe: false, mid));

        // Like the media after an SSRC change, its retransmissions come on a new SSRC, with the original's MID.
        alice.SendRtp(BrowserPackets.Rtx(lost, unannouncedRtx, 1));
        alice.SendRtp(BrowserPackets.Vp8(media, 13, 9000, keyframe: false, mid));

        Producer producer = alice.Participant.Producers.Single(p => p.Kind == MediaKind.Video);
        Assert.Equal(media, producer.Ssrc);
        Assert.Equal(unannouncedRtx, producer.RtxSsrc);
        ReceivedRtp[] received = [.. bob.Rtp.Where(p => p.PayloadType == BrowserPackets.Vp8PayloadType)];
        Assert.Equal([10, 12, 11, 13], received.Select(p => (int)p.SequenceNumber));
        Assert.Equal(lost[^BrowserPackets.VideoPayloadLength..], received[2].Payload);
        Assert.Equal(3000u, received[2].Timestamp);
    }

    private static byte[] Packet(bool video, uint ssrc, ushort sequence, uint timestamp, bool keyframe, string? mid) =>
        video
            ? BrowserPackets.Vp8(ssrc, sequence, timestamp, keyframe, mid)
            : BrowserPackets.Opus(ssrc, sequence, timestamp, mid: mid);
}
