using Sfu.Negotiation;
using Sfu.Routing;

namespace Sfu.Tests.Routing;

/// <summary>
/// A publisher's packet that already arrived reaches no subscriber twice: Chrome probes its uplink by re-sending its newest
/// packet on RTX many times, and a subscriber given the same SRTP index twice drops it as a replay before transport-cc
/// counts it, so every copy read as lost and the subscriber's loss-based estimate collapsed.
/// </summary>
public class RoomDuplicatePacketTests
{
    [Fact]
    public void Rtx_copies_of_a_packet_that_arrived_are_dropped_as_duplicates_and_a_real_repair_still_passes()
    {
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        ScriptedBrowser bob = subscribers[0];
        uint media = RoutingHarness.VideoSsrc(100);
        const uint rtx = 777_777;
        byte[] newest = BrowserPackets.Vp8(media, 12, 6000, keyframe: false, mid: "1");
        byte[] lost = BrowserPackets.Vp8(media, 11, 3000, keyframe: false, mid: "1");
        alice.SendRtp(BrowserPackets.Vp8(media, 10, 0, keyframe: true, mid: "1"));
        alice.SendRtp(newest);
        using var duplicates = MetricCounter.Drops("duplicate"); // only this class produces the label: the count is exact

        // Chrome's RTX probing: the newest packet again and again, on the RTX SSRC with its own sequence numbers.
        for (ushort copy = 1; copy <= 5; copy++)
        {
            alice.SendRtp(BrowserPackets.Rtx(newest, rtx, copy));
        }

        alice.SendRtp(BrowserPackets.Rtx(lost, rtx, 6)); // the repair of 11, which never came
        alice.SendRtp(BrowserPackets.Rtx(lost, rtx, 7)); // and a second repair of it: once is enough
        alice.SendRtp(BrowserPackets.Vp8(media, 13, 9000, keyframe: false, mid: "1"));
        using var replays = MetricCounter.Drops("srtp_replay");
        alice.SendRtp(BrowserPackets.Vp8(media, 13, 9000, keyframe: false, mid: "1")); // a network duplicate: SRTP's own replay check
        Assert.Equal(1, replays.Count);

        ReceivedRtp[] received = [.. bob.Rtp.Where(p => p.PayloadType == BrowserPackets.Vp8PayloadType)];
        Assert.Equal([10, 12, 11, 13], received.Select(p => (int)p.SequenceNumber));
        Assert.Equal(6, duplicates.Count);
    }
}
