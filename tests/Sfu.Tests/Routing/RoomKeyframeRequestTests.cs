using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;

namespace Sfu.Tests.Routing;

/// <summary>
/// Keyframe requests from subscribers (PLI, FIR) on their way to the publisher: one PLI per interval per track,
/// however many subscribers ask, always naming the SSRC the publisher sends on now.
/// </summary>
public class RoomKeyframeRequestTests
{
    private const long Millisecond = TimeSpan.TicksPerMillisecond;

    /// <summary>
    /// Script: "who what at-ms; ..." where what is pli or fir for the subscriber's video consumer, pli-audio/fir-audio
    /// for its audio consumer, pli-unknown for an SSRC it does not receive. Expected: the ms at which the publisher gets a PLI.
    /// </summary>
    [Theory]
    [InlineData("several subscribers within one second make one PLI", "bob pli 0; carol pli 100; bob pli 500; carol pli 999", "0")]
    [InlineData("after the interval the next request passes", "bob pli 0; carol pli 500; carol pli 1000; bob pli 1500; bob pli 2000", "0 1000 2000")]
    [InlineData("a FIR is a keyframe request too", "bob fir 0; carol fir 300; carol fir 1000", "0 1000")]
    [InlineData("FIR and PLI share one interval", "bob pli 0; carol fir 400; bob fir 1200; carol pli 1300", "0 1200")]
    [InlineData("a quiet second in between", "carol pli 0; bob pli 3000", "0 3000")]
    [InlineData("feedback about audio asks for no keyframe", "bob pli-audio 0; carol fir-audio 10", "")]
    [InlineData("feedback about an SSRC the subscriber does not receive asks for nothing", "bob pli-unknown 0; carol fir-unknown 0", "")]
    public void Subscriber_feedback_becomes_throttled_plis_to_the_publishers_video_ssrc(string name, string script, string expectedMs)
    {
        Assert.NotEmpty(name);
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob", "carol");
        harness.Run(TimeSpan.FromSeconds(1.1), TimeSpan.FromMilliseconds(10)); // past the requests of joining
        alice.ClearReceived();
        long start = harness.Now;

        foreach (string step in script.Split(';', StringSplitOptions.TrimEntries))
        {
            string[] parts = step.Split(' ');
            ScriptedBrowser subscriber = subscribers.Single(s => s.Id == parts[0]);
            harness.AdvanceTo(start + (long.Parse(parts[2]) * Millisecond));
            subscriber.SendRtcp(Feedback(subscriber, parts[1]));
        }

        harness.Advance(TimeSpan.FromMilliseconds(10));
        long[] expected = [.. expectedMs.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ms => start + (long.Parse(ms) * Millisecond))];
        Assert.Equal(expected, PliTimes(alice));
        Assert.All(alice.RtcpMessages<PliMessage>(), pli =>
        {
            Assert.Equal(RoutingHarness.VideoSsrc(100), pli.MediaSsrc);
            Assert.Equal(alice.Participant.RtcpSsrc, pli.SenderSsrc);
        });
        Assert.All(subscribers, s => Assert.Empty(s.RtcpMessages<PliMessage>()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void After_the_publisher_changes_its_ssrc_the_first_keyframe_request_goes_out_at_once_to_the_new_ssrc(bool viaReoffer)
    {
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        ScriptedBrowser bob = subscribers[0];
        harness.Run(TimeSpan.FromSeconds(1.1), TimeSpan.FromMilliseconds(10));
        alice.SendRtp(BrowserPackets.Vp8(RoutingHarness.VideoSsrc(100), 10, 1000, keyframe: true));
        alice.ClearReceived();
        long start = harness.Now;
        bob.SendRtcp(Feedback(bob, "pli"));
        Assert.Equal(RoutingHarness.VideoSsrc(100), Assert.Single(alice.RtcpMessages<PliMessage>()).MediaSsrc);

        // 200 ms later the publisher sends on a new SSRC: throttled under the old one, the request must not wait.
        harness.AdvanceTo(start + (200 * Millisecond));
        uint newSsrc = RoutingHarness.VideoSsrc(600);
        if (viaReoffer)
        {
            alice.Publish(600);
            bob.SendRtcp(Feedback(bob, "pli"));
        }
        else
        {
            // A delta frame of a source the forwarder does not send yet makes it ask for a keyframe itself.
            alice.SendRtp(BrowserPackets.Vp8(newSsrc, 5000, 777, keyframe: false, mid: "1"));
        }

        Producer video = alice.Participant.Producers.Single(p => p.Kind == MediaKind.Video);
        Assert.Equal(newSsrc, video.Ssrc);
        Assert.Equal([start, start + (200 * Millisecond)], PliTimes(alice));
        Assert.Equal(newSsrc, alice.RtcpMessages<PliMessage>().Last().MediaSsrc);

        // The new SSRC has its own interval from there.
        harness.AdvanceTo(start + (700 * Millisecond));
        bob.SendRtcp(Feedback(bob, "fir"));
        harness.AdvanceTo(start + (1200 * Millisecond));
        bob.SendRtcp(Feedback(bob, "pli"));
        Assert.Equal([start, start + (200 * Millisecond), start + (1200 * Millisecond)], PliTimes(alice));
        Assert.All(alice.RtcpMessages<PliMessage>().Skip(1), pli => Assert.Equal(newSsrc, pli.MediaSsrc));
    }

    [Fact]
    public void A_keyframe_request_made_while_the_publisher_cannot_receive_it_does_not_hold_back_the_next_one()
    {
        var harness = new RoutingHarness();
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        alice.Publish(100);
        harness.AnswerServerOffers(); // bob's new consumer asks for a keyframe; alice is not connected yet
        harness.Connect(alice, bob);

        // The publisher's first frames are deltas; bob's forwarder needs a keyframe and asks for one now.
        alice.SendRtp(BrowserPackets.Vp8(RoutingHarness.VideoSsrc(100), 1, 0, keyframe: false));
        harness.Advance(TimeSpan.FromMilliseconds(10));

        PliMessage pli = Assert.Single(alice.RtcpMessages<PliMessage>());
        Assert.Equal(RoutingHarness.VideoSsrc(100), pli.MediaSsrc);
        Assert.Empty(bob.Rtp);
        alice.SendRtp(BrowserPackets.Vp8(RoutingHarness.VideoSsrc(100), 2, 3000, keyframe: true));
        Assert.Single(bob.Rtp);
    }

    [Fact]
    public void Keyframe_feedback_is_counted_for_operators_as_received_from_subscribers_and_sent_to_publishers()
    {
        using var pliReceived = MetricCounter.Feedback("pli", "received");
        using var firReceived = MetricCounter.Feedback("fir", "received");
        using var pliSent = MetricCounter.Feedback("pli", "sent");
        var harness = new RoutingHarness();
        var (_, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob", "carol");
        harness.Run(TimeSpan.FromSeconds(1.1), TimeSpan.FromMilliseconds(10));
        long receivedBefore = pliReceived.Count;
        long sentBefore = pliSent.Count;

        subscribers[0].SendRtcp(Feedback(subscribers[0], "pli"));
        subscribers[1].SendRtcp(Feedback(subscribers[1], "pli"));
        subscribers[1].SendRtcp(Feedback(subscribers[1], "fir"));
        harness.Advance(TimeSpan.FromMilliseconds(10));

        // The counters are process-wide and other test classes run alongside: lower bounds only.
        Assert.True(pliReceived.Count - receivedBefore >= 2, $"{pliReceived.Count - receivedBefore} PLIs received");
        Assert.True(firReceived.Count >= 1, $"{firReceived.Count} FIRs received");
        Assert.True(pliSent.Count - sentBefore >= 1, $"{pliSent.Count - sentBefore} PLIs sent");
    }

    private static long[] PliTimes(ScriptedBrowser publisher) =>
        [.. publisher.Rtcp.SelectMany(packet => packet.Messages.OfType<PliMessage>().Select(_ => packet.AtTicks))];

    private static byte[] Feedback(ScriptedBrowser subscriber, string what)
    {
        Consumer video = subscriber.Participant.Consumers.Single(c => c.Producer.Kind == MediaKind.Video);
        Consumer audio = subscriber.Participant.Consumers.Single(c => c.Producer.Kind == MediaKind.Audio);
        const uint senderSsrc = 1; // browsers send feedback from their own (often unused) SSRC
        return what switch
        {
            "pli" => BrowserPackets.Pli(senderSsrc, video.Ssrc),
            "fir" => BrowserPackets.Fir(senderSsrc, video.Ssrc, 1),
            "pli-audio" => BrowserPackets.Pli(senderSsrc, audio.Ssrc),
            "fir-audio" => BrowserPackets.Fir(senderSsrc, audio.Ssrc, 1),
            "pli-unknown" => BrowserPackets.Pli(senderSsrc, 0xBADBAD),
            "fir-unknown" => BrowserPackets.Fir(senderSsrc, 0xBADBAD, 1),
            _ => throw new ArgumentException("unknown feedback " + what),
        };
    }
}
