using Sfu.Negotiation;
using Sfu.Routing;

namespace Sfu.Tests.Routing;

/// <summary>
/// Every packet the forwarder decides not to send is counted in sfu_dropped_packets_total under the forwarder's reason,
/// and a payload type the publisher never negotiated under its own reason, so operators can tell why a tile is dark.
/// </summary>
public class RoomDropCountingTests
{
    private const byte UnassignedPayloadType = 20; // RFC 3551 leaves 20..24 unassigned: no browser offers it

    [Fact]
    public void Forwarder_drops_are_counted_by_the_forwarders_reason()
    {
        using var waiting = MetricCounter.Drops("waiting_for_keyframe");
        using var tooOld = MetricCounter.Drops("too_old");
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob", "carol");
        uint video = RoutingHarness.VideoSsrc(100);

        // Video starts only at a keyframe: two delta frames are dropped for each of the two subscribers.
        for (int i = 0; i < 2; i++)
        {
            alice.SendRtp(BrowserPackets.Vp8(video, (ushort)(1000 + i), (uint)(90_000 + (i * 3000)), keyframe: false));
            harness.Advance(TimeSpan.FromMilliseconds(30));
        }

        Assert.True(waiting.Count >= 4, $"{waiting.Count} waiting_for_keyframe drops");

        // The keyframe starts the output; a reordered packet from before it (1002, never sent) has no output number.
        alice.SendRtp(BrowserPackets.Vp8(video, 1003, 99_000, keyframe: true));
        harness.Advance(TimeSpan.FromMilliseconds(30));
        alice.SendRtp(BrowserPackets.Vp8(video, 1002, 96_000, keyframe: false));
        harness.Advance(TimeSpan.FromMilliseconds(30));

        Assert.True(tooOld.Count >= 2, $"{tooOld.Count} too_old drops");
        foreach (ScriptedBrowser subscriber in subscribers)
        {
            Consumer consumer = Assert.Single(subscriber.Participant.Consumers, c => c.Producer.Kind == MediaKind.Video);
            Assert.Single(subscriber.RtpOn(consumer.Ssrc));
        }
    }

    [Fact]
    public void A_payload_type_the_publisher_did_not_negotiate_is_counted_as_unknown_payload_type()
    {
        using var unknown = MetricCounter.Drops("unknown_payload_type");
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        uint video = RoutingHarness.VideoSsrc(100);

        alice.SendRtp(BrowserPackets.H264(UnassignedPayloadType, video, 1000, 90_000, keyframe: true));
        harness.Advance(TimeSpan.FromMilliseconds(30));

        Assert.Equal(1, unknown.Count);
        Assert.Empty(subscribers[0].Rtp);
    }
}
