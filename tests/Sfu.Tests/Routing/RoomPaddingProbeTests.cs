using Sfu.Routing;

namespace Sfu.Tests.Routing;

/// <summary>
/// Chrome probes bandwidth with padding-only RTP (RFC 3550 section 5.1: P set, the last octet counts the padding, no
/// payload), on the RTX SSRC when RTX is negotiated and on the media SSRC otherwise. They carry nothing to forward, are
/// counted as <c>padding</c> (not <c>malformed</c>, as probes on the RTX SSRC were), and those on the media SSRC still
/// count in its receive statistics, since they use its sequence numbers.
/// </summary>
public class RoomPaddingProbeTests
{
    private const uint RtxSsrc = 103; // ChromeOffer's FID partner of the video SSRC with base 100

    [Fact]
    public void Padding_probes_are_counted_as_padding_reach_no_subscriber_and_leave_no_loss_in_receiver_reports()
    {
        using var malformed = MetricCounter.DropsOnThisThread("malformed");
        using var padding = MetricCounter.DropsOnThisThread("padding");
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        ScriptedBrowser bob = subscribers[0];
        uint video = RoutingHarness.VideoSsrc(100);
        Producer producer = alice.Participant.Producers.Single(p => p.Ssrc == video);
        Assert.Equal(RtxSsrc, producer.RtxSsrc);

        // A keyframe, then two probes on the media SSRC (numbered in the media stream), then a delta frame after them.
        alice.SendRtp(BrowserPackets.Vp8(video, 1000, 90_000, keyframe: true));
        alice.SendRtp(BrowserPackets.PaddingProbe(BrowserPackets.Vp8PayloadType, video, 1001, 90_000, withExtension: true));
        alice.SendRtp(BrowserPackets.PaddingProbe(BrowserPackets.Vp8PayloadType, video, 1002, 90_000, withExtension: false));
        alice.SendRtp(BrowserPackets.Vp8(video, 1003, 93_000, keyframe: false));

        // A burst of probes on the RTX SSRC, numbered in the RTX stream.
        for (int i = 0; i < 10; i++)
        {
            alice.SendRtp(BrowserPackets.PaddingProbe(BrowserPackets.Vp8RtxPayloadType, RtxSsrc, (ushort)(500 + i), 93_000, withExtension: i % 2 == 0));
        }

        harness.Advance(TimeSpan.FromMilliseconds(20));

        Assert.Equal(0, malformed.Count);
        Assert.Equal(2 + 10, padding.Count); // media-SSRC probes once per subscriber (one here), RTX probes once each

        // Only the two frames reach bob, numbered without a hole where the probes were.
        Consumer consumer = bob.Participant.Consumers.Single(c => c.Producer == producer);
        ReceivedRtp[] forwarded = [.. bob.RtpOn(consumer.Ssrc)];
        Assert.Equal(2, forwarded.Length);
        Assert.Equal((ushort)(forwarded[0].SequenceNumber + 1), forwarded[1].SequenceNumber);
        Assert.All(forwarded, packet => Assert.NotEmpty(packet.Payload));

        // The media SSRC's statistics count its probes (no gap, no NACK); the RTX probes stay out of them.
        Assert.Equal(4, producer.Stats!.PacketsReceived);
        Assert.Equal(4, producer.Stats.PacketsExpected);
        harness.AdvanceUntil(() => alice.RtcpMessages<RrMessage>().Any(rr => rr.Blocks.Any(b => b.Ssrc == video)), TimeSpan.FromSeconds(2), "a receiver report");
        Assert.All(alice.RtcpMessages<RrMessage>().SelectMany(rr => rr.Blocks).Where(b => b.Ssrc == video), block => Assert.Equal(0, block.CumulativeLost));
        Assert.Empty(alice.RtcpMessages<NackMessage>());
    }
}
