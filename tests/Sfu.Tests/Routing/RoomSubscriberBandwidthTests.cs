using Sfu.Congestion;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Wire.Rtcp;
using Sfu.Wire.Rtp;

namespace Sfu.Tests.Routing;

/// <summary>
/// The send side of transport-wide congestion control toward a subscriber: every packet the server sends it carries the
/// server's own transport-wide sequence number (one counter for the subscriber's transport, across audio, video and
/// probes), the subscriber's transport-cc feedback about those numbers reaches its estimator, and when its allocator
/// wants more than the estimate the server probes with padding-only packets the feedback can acknowledge.
/// </summary>
public class RoomSubscriberBandwidthTests
{
    [Fact]
    public void Every_packet_to_a_subscriber_carries_the_next_number_of_one_transport_wide_counter()
    {
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        ScriptedBrowser bob = subscribers[0];
        int id = TransportCcId(bob);
        bob.ClearReceived();

        // Publisher numbers (7xx) must not leak through: the server numbers what it sends itself.
        uint video = RoutingHarness.VideoSsrc(100);
        uint audio = RoutingHarness.AudioSsrc(100);
        alice.SendRtp(BrowserPackets.Vp8(video, 1000, 90_000, keyframe: true, transportSequence: 700));
        alice.SendRtp(BrowserPackets.Opus(audio, 500, 48_000, transportSequence: 701));
        alice.SendRtp(BrowserPackets.Vp8(video, 1001, 93_000, keyframe: false, transportSequence: 702));
        alice.SendRtp(BrowserPackets.Opus(audio, 501, 48_960));
        harness.Advance(TimeSpan.FromMilliseconds(5));

        ushort[] numbers = [.. bob.Rtp.Select(packet => TransportSequence(packet, id))];
        Assert.Equal(4, numbers.Length);
        for (int i = 1; i < numbers.Length; i++)
        {
            Assert.Equal((ushort)(numbers[i - 1] + 1), numbers[i]);
        }

        Assert.DoesNotContain((ushort)700, numbers);
    }

    [Fact]
    public void Without_transport_cc_feedback_the_subscribers_remb_is_its_estimate_and_limits_its_video()
    {
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        ScriptedBrowser bob = subscribers[0];
        uint video = RoutingHarness.VideoSsrc(100);
        for (int i = 0; i < 100; i++)
        {
            alice.SendRtp(BrowserPackets.Vp8(video, (ushort)(1000 + i), (uint)(90_000 + (i * 3000)), keyframe: i % 30 == 0, payloadLength: 1000));
            alice.SendRtp(BrowserPackets.Opus(RoutingHarness.AudioSsrc(100), (ushort)(500 + i), (uint)(i * 960)));
            harness.Advance(TimeSpan.FromMilliseconds(20));
        }

        Consumer consumer = bob.Participant.Consumers.Single(c => c.Producer.Kind == MediaKind.Video);
        Assert.False(consumer.IsAllocatorPaused);

        // Bob's browser estimates 150 kbit/s on its side: less than the 400 kbit/s video, so it pauses (once the dip has
        // lasted the allocator's pause delay); audio goes on.
        byte[] remb = new byte[64];
        int length = Remb.Write(remb, 0xB0B, 150_000, [consumer.Ssrc]);
        bob.SendRtcp(remb.AsSpan(0, length));
        harness.Run(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(10));
        Assert.False(consumer.IsAllocatorPaused);
        harness.Run(StreamAllocator.DefaultPauseDelayTicks * TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(10));
        Assert.Equal(1, bob.Participant.BandwidthEstimator.RembMessages);
        Assert.Equal(150_000, bob.Participant.Bandwidth.AvailableBitrate);
        Assert.True(consumer.IsAllocatorPaused);
        Assert.Contains(bob.Observer.PauseEvents, e => e is { Paused: true, Reason: "bandwidth" });

        // A larger REMB brings it back.
        length = Remb.Write(remb, 0xB0B, 2_000_000, [consumer.Ssrc]);
        bob.SendRtcp(remb.AsSpan(0, length));
        harness.Run(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10));
        Assert.False(consumer.IsAllocatorPaused);
    }

    [Fact]
    public void The_subscribers_feedback_reaches_its_estimator_and_bad_feedback_is_counted_as_malformed()
    {
        using var malformed = MetricCounter.DropsOnThisThread("malformed");
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        ScriptedBrowser bob = subscribers[0];
        int id = TransportCcId(bob);
        bob.ClearReceived();
        uint video = RoutingHarness.VideoSsrc(100);
        for (int i = 0; i < 30; i++)
        {
            alice.SendRtp(BrowserPackets.Vp8(video, (ushort)(1000 + i), (uint)(90_000 + (i * 3000)), keyframe: i == 0));
            harness.Advance(TimeSpan.FromMilliseconds(2));
        }

        // Bob acknowledges everything, 2 ms apart, as a receiver's TransportCcRecorder would.
        var recorder = new TransportCcRecorder();
        foreach (ReceivedRtp packet in bob.Rtp)
        {
            recorder.OnPacket(TransportSequence(packet, id), packet.AtTicks);
        }

        byte[] feedback = new byte[1500];
        int length = recorder.WriteFeedback(feedback, 0x1234, video);
        SubscriberBandwidthEstimator estimator = bob.Participant.BandwidthEstimator;
        Assert.Same(estimator, bob.Participant.Bandwidth);
        bob.SendRtcp(feedback.AsSpan(0, length));
        Assert.Equal(1, estimator.FeedbackMessages);
        Assert.Equal(0, malformed.Count);

        // A truncated message (status count beyond its chunks) is dropped and counted; the estimator never sees it.
        feedback[15] = 0xFF;
        bob.SendRtcp(feedback.AsSpan(0, length));
        Assert.Equal(1, estimator.FeedbackMessages);
        Assert.Equal(1, malformed.Count);
    }

    [Fact]
    public void A_wanted_bitrate_above_the_estimate_sends_padding_only_probes_on_the_announced_rtx_ssrc_of_a_video()
    {
        var harness = new RoutingHarness();
        var (_, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        ScriptedBrowser bob = subscribers[0];
        int id = TransportCcId(bob);
        bob.ClearReceived();
        bob.Participant.Bandwidth.SetWantedBitrate(3_000_000);
        harness.Run(TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(10));

        // A browser drops RTP on an SSRC its description does not name before transport-cc counts it: probes go on the
        // RTX SSRC the server's offer pairs with the video SSRC (a=ssrc-group:FID), with bob's RTX payload type.
        Consumer video = bob.Participant.Consumers.Single(c => c.Producer.Kind == MediaKind.Video);
        Assert.NotEqual(0u, video.RtxSsrc);
        Assert.Contains($"a=ssrc-group:FID {video.Ssrc} {video.RtxSsrc}", bob.Observer.Offers[^1], StringComparison.Ordinal);
        HashSet<uint> consumerSsrcs = [.. bob.Participant.Consumers.Select(c => c.Ssrc)];
        ReceivedRtp[] probes = [.. bob.Rtp.Where(packet => !consumerSsrcs.Contains(packet.Ssrc))];
        Assert.True(probes.Length >= ProbeController.MinPackets, $"{probes.Length} probe packets");
        Assert.All(probes, probe =>
        {
            Assert.Equal(video.RtxSsrc, probe.Ssrc);
            Assert.Equal(video.RtxPayloadType, probe.PayloadType);
            Assert.Empty(probe.Payload);
            Assert.Equal(PaddingPacketWriter.MaxPadding, probe.Header.PaddingLength);
        });
        ushort[] numbers = [.. probes.Select(packet => TransportSequence(packet, id))];
        Assert.Equal(numbers.Length, numbers.Distinct().Count());

        // Without a wanted bitrate above the estimate, nothing more is probed.
        bob.Participant.Bandwidth.SetWantedBitrate(0);
        harness.Run(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(10));
        bob.ClearReceived();
        harness.Run(TimeSpan.FromSeconds(6), TimeSpan.FromMilliseconds(10));
        Assert.DoesNotContain(bob.Rtp, packet => !consumerSsrcs.Contains(packet.Ssrc));
    }

    private static int TransportCcId(ScriptedBrowser browser)
    {
        Assert.True(browser.Participant.Negotiated!.HeaderExtensionIds.TryGetValue(RtpExtensionUris.TransportWideCc, out int id), "the subscriber negotiated transport-cc");
        return id;
    }

    private static ushort TransportSequence(ReceivedRtp packet, int id)
    {
        byte[]? value = packet.Extension(id);
        Assert.NotNull(value);
        Assert.True(TransportSequenceNumberExtension.TryRead(value, out ushort sequence));
        return sequence;
    }
}
