namespace Sfu.Tests.Routing;

/// <summary>
/// A publisher that negotiated the transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01)
/// gets transport-cc feedback about every packet of its transport, whatever stream it was on, every 50 ms or so:
/// without it Chrome's send-side estimator sees no acknowledgements and keeps the video near 30 kbit/s.
/// </summary>
public class RoomTransportCcTests
{
    private const uint RtxSsrc = 103; // ChromeOffer's FID partner of the video SSRC with base 100

    [Fact]
    public void The_publisher_gets_feedback_acknowledging_exactly_its_transport_sequence_numbers()
    {
        var harness = new RoutingHarness();
        var (alice, _) = harness.PublishAndSubscribe("alice", 100, "bob");
        uint video = RoutingHarness.VideoSsrc(100);
        uint audio = RoutingHarness.AudioSsrc(100);
        harness.Advance(TimeSpan.FromMilliseconds(100));
        alice.ClearReceived();

        // One transport-wide counter across video, audio and an RTX padding probe; 4 is lost, 6 overtakes 5, and 7 comes
        // 70 ms after 5 (a delta over 63.75 ms, written in the two-byte form). Time is set without ticking the server,
        // so all of it falls into one feedback interval.
        (ushort Transport, double AtMs, byte[] Packet)[] script =
        [
            (1, 0, BrowserPackets.Vp8(video, 1000, 90_000, keyframe: true, transportSequence: 1)),
            (2, 2, BrowserPackets.Opus(audio, 500, 48_000, transportSequence: 2)),
            (3, 5, BrowserPackets.Vp8(video, 1001, 93_000, keyframe: false, transportSequence: 3)),
            (6, 9.5, BrowserPackets.Vp8(video, 1003, 99_000, keyframe: false, transportSequence: 6)),
            (5, 12.25, BrowserPackets.Vp8(video, 1002, 96_000, keyframe: false, transportSequence: 5)),
            // The probe helper numbers its extension like its RTP sequence number: 7 in both.
            (7, 82.25, BrowserPackets.PaddingProbe(BrowserPackets.Vp8RtxPayloadType, RtxSsrc, 7, 99_000, withExtension: true)),
            (8, 83, BrowserPackets.Opus(audio, 501, 48_960, transportSequence: 8)),
        ];

        long start = harness.Now;
        var sentAt = new Dictionary<ushort, long>();
        foreach ((ushort transport, double atMs, byte[] packet) in script)
        {
            harness.Now = start + (long)(atMs * TimeSpan.TicksPerMillisecond);
            alice.SendRtp(packet);
            sentAt[transport] = harness.Now;
        }

        harness.Advance(TimeSpan.FromMilliseconds(10));
        TwccMessage[] feedback = [.. alice.RtcpMessages<TwccMessage>()];
        TwccMessage message = Assert.Single(feedback);
        Assert.Equal(alice.Participant.RtcpSsrc, message.SenderSsrc);
        Assert.Contains(message.MediaSsrc, new[] { video, audio });
        Assert.Equal(0, message.FeedbackPacketCount);

        // Sequence numbers 1-8 once each, 4 as not received, the others at the times they arrived (250 µs resolution).
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], message.Statuses.Select(s => (int)s.SequenceNumber));
        Assert.Equal([4], message.Statuses.Where(s => !s.Received).Select(s => (int)s.SequenceNumber));
        TwccStatus first = message.Statuses[0];
        foreach (TwccStatus status in message.Statuses.Where(s => s.Received))
        {
            long expected = (sentAt[status.SequenceNumber] - sentAt[1]) / (TimeSpan.TicksPerMillisecond / 4);
            Assert.Equal(expected, status.ArrivalTicks - first.ArrivalTicks);
        }

        // Later packets are acknowledged in the next message, about 50 ms later; nothing is reported twice.
        alice.ClearReceived();
        harness.Now += TimeSpan.TicksPerMillisecond;
        alice.SendRtp(BrowserPackets.Vp8(video, 1004, 102_000, keyframe: false, transportSequence: 9));
        harness.AdvanceUntil(() => alice.RtcpMessages<TwccMessage>().Any(), TimeSpan.FromMilliseconds(100), "the next transport-cc feedback");
        TwccMessage next = Assert.Single(alice.RtcpMessages<TwccMessage>());
        Assert.Equal(1, next.FeedbackPacketCount);
        Assert.Equal([9], next.Statuses.Select(s => (int)s.SequenceNumber));

        // REMB still goes out with the receiver reports, for browsers that estimate on the receive side's word.
        harness.AdvanceUntil(() => alice.RtcpMessages<RembMessage>().Any(), TimeSpan.FromSeconds(2), "a REMB");
    }

    [Fact]
    public void Packets_without_the_extension_get_no_feedback()
    {
        var harness = new RoutingHarness();
        var (alice, _) = harness.PublishAndSubscribe("alice", 100, "bob");
        alice.ClearReceived();
        alice.SendRtp(BrowserPackets.Vp8(RoutingHarness.VideoSsrc(100), 1000, 90_000, keyframe: true));
        harness.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Empty(alice.RtcpMessages<TwccMessage>());
    }

}
