using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;

namespace Sfu.Tests.Routing;

/// <summary>Publisher-side mute pauses forwarding of that track to every subscriber, present or late, until unmute.</summary>
public class RoomMuteTests
{
    private const string AliceVideo = "alice-video";

    [Fact]
    public void Mute_stops_forwarding_and_unmute_resumes_at_the_next_keyframe_it_asks_for()
    {
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        ScriptedBrowser bob = subscribers[0];
        uint video = RoutingHarness.VideoSsrc(100);
        Send(harness, alice, video, first: 0, count: 3);
        Consumer consumer = Assert.Single(bob.Participant.Consumers, c => c.Producer.Kind == MediaKind.Video);
        Assert.Equal(3, bob.RtpOn(consumer.Ssrc).Count());

        alice.Participant.SetTrackMuted(AliceVideo, true);
        Send(harness, alice, video, first: 3, count: 3, keyframeAt: 4);
        Assert.Equal(3, bob.RtpOn(consumer.Ssrc).Count());

        harness.Advance(TimeSpan.FromSeconds(2));
        int plisBefore = alice.RtcpMessages<PliMessage>().Count();
        alice.Participant.SetTrackMuted(AliceVideo, false);
        harness.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(alice.RtcpMessages<PliMessage>().Count() > plisBefore, "unmute asks the publisher for a keyframe");
        Send(harness, alice, video, first: 6, count: 4, keyframeAt: 7);

        ReceivedRtp[] received = [.. bob.RtpOn(consumer.Ssrc)];
        Assert.Equal(6, received.Length);
        Assert.Equal([0, 1, 2, 3, 4, 5], received.Select(p => p.SequenceNumber - received[0].SequenceNumber));
    }

    [Fact]
    public void A_mute_sent_before_the_offer_holds_once_the_track_is_published()
    {
        var harness = new RoutingHarness();
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        alice.Participant.SetTrackMuted(AliceVideo, true);
        alice.Publish(100);
        harness.AnswerServerOffers();
        harness.Connect(alice, bob);

        Send(harness, alice, RoutingHarness.VideoSsrc(100), first: 0, count: 3);

        Assert.True(Assert.Single(alice.Participant.Producers, p => p.TrackId == AliceVideo).Muted);
        Consumer consumer = Assert.Single(bob.Participant.Consumers, c => c.Producer.Kind == MediaKind.Video);
        Assert.Empty(bob.RtpOn(consumer.Ssrc));
    }

    [Fact]
    public void A_late_joiner_gets_nothing_of_a_muted_track_until_it_is_unmuted()
    {
        var harness = new RoutingHarness();
        var (alice, _) = harness.PublishAndSubscribe("alice", 100, "bob");
        alice.Participant.SetTrackMuted(AliceVideo, true);
        ScriptedBrowser carol = harness.JoinBrowser("carol");
        harness.AnswerServerOffers();
        harness.Connect(carol);
        uint video = RoutingHarness.VideoSsrc(100);

        Send(harness, alice, video, first: 0, count: 3);
        Consumer consumer = Assert.Single(carol.Participant.Consumers, c => c.Producer.Kind == MediaKind.Video);
        Assert.Empty(carol.RtpOn(consumer.Ssrc));

        alice.Participant.SetTrackMuted(AliceVideo, false);
        Send(harness, alice, video, first: 3, count: 2);
        Assert.Equal(2, carol.RtpOn(consumer.Ssrc).Count());
    }

    /// <summary>VP8 packets, one frame each, 30 ms apart; the first (or <paramref name="keyframeAt"/>) is a keyframe.</summary>
    private static void Send(RoutingHarness harness, ScriptedBrowser publisher, uint ssrc, int first, int count, int? keyframeAt = null)
    {
        for (int i = first; i < first + count; i++)
        {
            bool keyframe = i == (keyframeAt ?? first);
            publisher.SendRtp(BrowserPackets.Vp8(ssrc, (ushort)(1000 + i), (uint)(90_000 + (i * 3000)), keyframe));
            harness.Advance(TimeSpan.FromMilliseconds(30));
        }
    }
}
