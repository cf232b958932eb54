using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Tests.Wire.Sdp;
using Sfu.Wire.Rtcp;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>
/// Simulcast through a room: a publisher sends three layers (SSRC simulcast, a=ssrc-group:SIM, or RID simulcast with the
/// RtpStreamId extension), each subscriber receives exactly one of them as one continuous stream, its tile preferences
/// pick which, a switch waits for the new layer's keyframe (asked for with a PLI to that layer's SSRC), NACKs are served
/// from the layer each packet came from, and layers nobody wants are paused at the publisher (dynacast).
/// </summary>
public class RoomSimulcastTests
{
    private const string Mid = SimulcastPublisher.Mid;
    private static readonly uint[] Layers = SimulcastPublisher.Layers;
    private static readonly uint[] RtxLayers = SimulcastPublisher.RtxLayers;

    // What each layer costs: payload bytes per 20 ms packet, so the low layer measures lowest.
    private static readonly int[] PayloadLengths = [100, 400, 1000];

    [Fact]
    public void Without_preferences_the_subscriber_gets_the_highest_layer_and_never_another_ssrc()
    {
        var harness = new RoutingHarness();
        var (alice, bob) = PublishSimulcast(harness);
        var sent = new Sent();
        SendFrames(harness, alice, sent, 0, 40, keyframeEvery: 10);

        Consumer consumer = VideoConsumer(alice, bob);
        Assert.Equal(2, consumer.CurrentLayer);
        ReceivedRtp[] received = [.. bob.Rtp.Where(p => p.PayloadType == BrowserPackets.Vp8PayloadType)];
        Assert.All(received, p => Assert.Equal(consumer.Ssrc, p.Ssrc));
        Assert.NotEmpty(received);
        Assert.Equal(PayloadLengths[2], received[^1].Payload.Length);
        AssertContinuous(received);
    }

    [Fact]
    public void A_layer_the_publisher_does_not_send_is_never_chosen_so_video_starts_on_what_flows()
    {
        // Chrome starts a simulcast track with its low layer only and turns the upper ones on as its own estimate grows
        // (and off again when it falls): a subscriber sent to the high layer would wait for a keyframe that never comes.
        var harness = new RoutingHarness();
        var (alice, bob) = PublishSimulcast(harness);
        var sent = new Sent();
        SendFrames(harness, alice, sent, 0, 40, keyframeEvery: 10, layersSent: 1);

        Consumer consumer = VideoConsumer(alice, bob);
        Assert.Equal(0, consumer.TargetLayer);
        Assert.Equal(0, consumer.CurrentLayer);
        Assert.NotEmpty(bob.RtpOn(consumer.Ssrc));

        // The upper layers start: the subscriber (no tile size: the highest layer) moves up at the high layer's keyframe.
        SendFrames(harness, alice, sent, 40, 80, keyframeEvery: 10);
        Assert.Equal(2, consumer.CurrentLayer);

        // The publisher turns its top layer off while the others go on: once it has been silent 1.5 s the subscriber is
        // moved to the middle layer.
        SendFrames(harness, alice, sent, 80, 170, keyframeEvery: 10, layersSent: 2);
        Assert.Equal(1, consumer.TargetLayer);

        // Then the middle one too: the subscriber falls back to what flows, and nothing is paused at the publisher that
        // it stopped by itself.
        SendFrames(harness, alice, sent, 170, 290, keyframeEvery: 10, layersSent: 1);
        Assert.Equal(0, consumer.CurrentLayer);
        Assert.All(alice.Observer.LayerEvents, e => Assert.Contains("2", e.Active)); // dynacast may pause what flows unwanted, never what stopped
        Assert.True(alice.Observer.LayerEvents.Count == 0 || alice.Observer.LayerEvents[^1].Active.Contains("0"));
        AssertContinuous([.. bob.RtpOn(consumer.Ssrc).Where(p => p.PayloadType == BrowserPackets.Vp8PayloadType)]);
    }

    [Fact]
    public void A_layers_cost_is_its_media_not_the_browsers_probing_padding_and_rtx_copies()
    {
        // Chrome probes its own uplink with padding-only packets and with old packets re-sent on RTX; counted, they made
        // a 100 kbit/s layer cost ten times that in the allocator, which then paused videos that would have fit.
        var harness = new RoutingHarness();
        var (alice, _) = PublishSimulcast(harness);
        var sent = new Sent();
        ushort rtxSequence = 0;
        for (int frame = 0; frame < 100; frame++)
        {
            SendFrames(harness, alice, sent, frame, frame + 1, keyframeEvery: 50, layersSent: 1);
            for (int copy = 0; copy < 8; copy++)
            {
                alice.SendRtp(BrowserPackets.Rtx(sent.Packets[(0, frame)], RtxLayers[0], rtxSequence++));
                alice.SendRtp(BrowserPackets.PaddingProbe(BrowserPackets.Vp8PayloadType, Layers[0], (ushort)(frame + 0x8000 + copy), (uint)(frame * 1800), withExtension: false));
            }
        }

        ProducerLayer low = alice.Participant.Producers.Single(p => p.Kind == MediaKind.Video).Layers[0];
        long mediaBits = sent.Packets[(0, 1)].Length * 8 * 50; // one packet per 20 ms frame
        Assert.InRange(low.Bitrate.LastKnownBitsPerSecond, mediaBits * 8 / 10, mediaBits * 12 / 10);
    }

    [Fact]
    public void A_small_tile_switches_to_the_low_layer_at_its_keyframe_after_a_pli_to_that_layer()
    {
        var harness = new RoutingHarness();
        var (alice, bob) = PublishSimulcast(harness);
        var sent = new Sent();
        // 1.4 s: the keyframe requests of the consumer's start (to the low layer) are more than a throttle interval ago.
        SendFrames(harness, alice, sent, 0, 71, keyframeEvery: 10);
        Consumer consumer = VideoConsumer(alice, bob);
        Assert.Equal(2, consumer.CurrentLayer);
        alice.Rtcp.Clear();

        bob.Participant.SetVideoPreferences([new VideoPreference(consumer.Producer.TrackId, 320, 180, Visible: true, Pinned: false)], null);
        Assert.Equal(0, consumer.TargetLayer);
        harness.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Contains(alice.RtcpMessages<PliMessage>(), pli => pli.MediaSsrc == Layers[0]);

        // Frames 71..79 are delta frames: the high layer keeps flowing until the low layer's keyframe at frame 80.
        SendFrames(harness, alice, sent, 71, 80, keyframeEvery: 10);
        Assert.Equal(2, consumer.CurrentLayer);
        SendFrames(harness, alice, sent, 80, 90, keyframeEvery: 10);
        Assert.Equal(0, consumer.CurrentLayer);

        ReceivedRtp[] received = [.. bob.RtpOn(consumer.Ssrc).Where(p => p.PayloadType == BrowserPackets.Vp8PayloadType)];
        AssertContinuous(received);
        Assert.Equal(PayloadLengths[0], received[^1].Payload.Length);
        // A new consumer starts at the low layer until the first allocation raises it; then high until the switch down.
        int firstHigh = Array.FindIndex(received, p => p.Payload.Length == PayloadLengths[2]);
        int firstLow = Array.FindIndex(received, firstHigh, p => p.Payload.Length == PayloadLengths[0]);
        Assert.True(firstLow > firstHigh && received[firstHigh..firstLow].All(p => p.Payload.Length == PayloadLengths[2]));
        Assert.Equal(sent.Packets[(0, 80)][^PayloadLengths[0]..], received[firstLow].Payload);
    }

    [Fact]
    public void Nacks_across_a_switch_are_served_from_the_layer_each_packet_came_from()
    {
        var harness = new RoutingHarness();
        var (alice, bob) = PublishSimulcast(harness);
        var sent = new Sent();
        SendFrames(harness, alice, sent, 0, 41, keyframeEvery: 10);
        Consumer consumer = VideoConsumer(alice, bob);
        bob.Participant.SetVideoPreferences([new VideoPreference(consumer.Producer.TrackId, 320, 180, Visible: true, Pinned: false)], null);
        SendFrames(harness, alice, sent, 41, 49, keyframeEvery: 10);

        // The last high-layer frame before the switch (49) and the second low-layer frame after it (51) are lost.
        bob.LosesIncoming = true;
        SendFrames(harness, alice, sent, 49, 50, keyframeEvery: 10);
        bob.LosesIncoming = false;
        SendFrames(harness, alice, sent, 50, 51, keyframeEvery: 10);
        bob.LosesIncoming = true;
        SendFrames(harness, alice, sent, 51, 52, keyframeEvery: 10);
        bob.LosesIncoming = false;
        SendFrames(harness, alice, sent, 52, 56, keyframeEvery: 10);
        Assert.Equal(0, consumer.CurrentLayer);

        ReceivedRtp[] received = [.. bob.RtpOn(consumer.Ssrc).Where(p => p.PayloadType == BrowserPackets.Vp8PayloadType)];
        ushort[] missing = [.. Enumerable.Range(1, received.Length - 1)
            .Where(i => received[i].SequenceNumber != unchecked((ushort)(received[i - 1].SequenceNumber + 1)))
            .Select(i => unchecked((ushort)(received[i].SequenceNumber - 1)))];
        Assert.Equal(2, missing.Length);
        bob.ClearReceived();

        byte[] nack = new byte[64];
        int length = GenericNack.Write(nack, 0xB0B, consumer.Ssrc, missing);
        bob.SendRtcp(nack.AsSpan(0, length));
        harness.Advance(TimeSpan.FromMilliseconds(10));

        ReceivedRtp[] repaired = [.. bob.RtpOn(consumer.Ssrc)];
        Assert.Equal(missing, repaired.Select(p => p.SequenceNumber));
        Assert.Equal(sent.Packets[(2, 49)][^PayloadLengths[2]..], repaired[0].Payload);
        Assert.Equal(sent.Packets[(0, 51)][^PayloadLengths[0]..], repaired[1].Payload);
    }

    [Fact]
    public void A_layer_no_subscriber_wants_is_paused_at_the_publisher_and_resumed_at_once_when_wanted()
    {
        var harness = new RoutingHarness();
        var (alice, bob) = PublishSimulcast(harness);
        var sent = new Sent();
        SendFrames(harness, alice, sent, 0, 40, keyframeEvery: 10);
        Consumer consumer = VideoConsumer(alice, bob);
        string trackId = consumer.Producer.TrackId;
        Assert.Empty(alice.Observer.LayerEvents);

        bob.Participant.SetVideoPreferences([new VideoPreference(trackId, 320, 180, Visible: true, Pinned: false)], null);
        SendFrames(harness, alice, sent, 40, 100, keyframeEvery: 10);

        // Only the low layer is wanted once the switch is done; the others pause after the dynacast delay (3 s). The
        // middle layer was never wanted, so it paused first.
        SendFrames(harness, alice, sent, 100, 260, keyframeEvery: 10);
        Assert.Equal(2, alice.Observer.LayerEvents.Count);
        Assert.All(alice.Observer.LayerEvents, e => Assert.Equal(trackId, e.TrackId));
        Assert.Equal(["0", "2"], alice.Observer.LayerEvents[0].Active);
        Assert.Equal(["0"], alice.Observer.LayerEvents[1].Active);

        alice.Rtcp.Clear();
        int eventsBefore = alice.Observer.LayerEvents.Count;
        bob.Participant.SetVideoPreferences([], null);

        // At once, not at the router's next allocation round: a pin waits for this layer's first keyframe anyway.
        Assert.Equal(eventsBefore + 1, alice.Observer.LayerEvents.Count);
        Assert.Equal(["0", "2"], alice.Observer.LayerEvents[^1].Active); // the high layer it switches to, the low one until then
        harness.Run(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(10));
        Assert.Contains(alice.RtcpMessages<PliMessage>(), pli => pli.MediaSsrc == Layers[2]);
    }

    [Fact]
    public void A_hidden_tile_pauses_the_video_for_that_subscriber_only_and_says_so()
    {
        var harness = new RoutingHarness();
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        ScriptedBrowser carol = harness.JoinBrowser("carol");
        alice.Publish(ChromeSsrcSimulcastOffer("alice"));
        harness.AnswerServerOffers();
        harness.Connect(alice, bob, carol);
        var sent = new Sent();
        SendFrames(harness, alice, sent, 0, 20, keyframeEvery: 10);
        string trackId = VideoConsumer(alice, bob).Producer.TrackId;

        bob.Participant.SetVideoPreferences([new VideoPreference(trackId, 640, 360, Visible: false, Pinned: false)], null);
        Assert.Equal(("alice", trackId, true, "hidden"), Assert.Single(bob.Observer.PauseEvents));
        bob.ClearReceived();
        carol.ClearReceived();
        SendFrames(harness, alice, sent, 20, 40, keyframeEvery: 10);
        Assert.Empty(bob.RtpOn(VideoConsumer(alice, bob).Ssrc));
        Assert.NotEmpty(carol.RtpOn(VideoConsumer(alice, carol).Ssrc));
        Assert.Empty(carol.Observer.PauseEvents);

        bob.Participant.SetVideoPreferences([new VideoPreference(trackId, 640, 360, Visible: true, Pinned: false)], null);
        Assert.Equal(("alice", trackId, false, "hidden"), bob.Observer.PauseEvents[^1]);
        SendFrames(harness, alice, sent, 40, 60, keyframeEvery: 10);
        Assert.Equal(1, VideoConsumer(alice, bob).CurrentLayer);
        Assert.NotEmpty(bob.RtpOn(VideoConsumer(alice, bob).Ssrc));
    }

    [Fact]
    public void Rid_layers_are_learned_from_the_rtp_stream_id_and_their_rtx_from_the_repaired_one()
    {
        var harness = new RoutingHarness();
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        alice.Publish(Parse(SampleOffers.ChromeSimulcast));
        harness.AnswerServerOffers();
        harness.Connect(alice, bob);
        harness.Advance(TimeSpan.FromMilliseconds(10));
        string[] rids = ["q", "h", "f"];
        uint[] ssrcs = [11, 22, 33];
        byte[]? lastHigh = null;
        for (int frame = 0; frame < 40; frame++)
        {
            for (int layer = 0; layer < 3; layer++)
            {
                byte[] packet = BrowserPackets.Vp8WithRid(ssrcs[layer], (ushort)(1000 * (layer + 1) + frame), (uint)(frame * 3000), frame % 10 == 0, Mid, rids[layer], PayloadLengths[layer]);
                alice.SendRtp(packet);
                lastHigh = layer == 2 ? packet : lastHigh;
            }

            harness.Advance(TimeSpan.FromMilliseconds(20));
        }

        Producer producer = alice.Participant.Producers.Single(p => p.Kind == MediaKind.Video);
        Assert.Equal(rids, producer.Layers.Select(l => l.Rid));
        Assert.Equal(ssrcs, producer.Layers.Select(l => l.Ssrc));
        Assert.Equal([0, 1, 2], Enumerable.Range(0, 3).Select(producer.LayerAtQuality));

        // The high layer's RTX announces itself by the repaired rid and is unwrapped onto the high layer's SSRC.
        bob.ClearReceived();
        alice.SendRtp(BrowserPackets.RtxWithRepairedRid(lastHigh!, 333, 1, Mid, "f"));
        Assert.Equal(333u, producer.Layers[2].RtxSsrc);
        Assert.Equal(0u, producer.Layers[0].RtxSsrc);
    }

    [Fact]
    public void A_rid_packet_naming_no_offered_layer_is_dropped_as_unplaceable()
    {
        using var drops = MetricCounter.Drops("simulcast_layer_ignored");
        var harness = new RoutingHarness();
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        alice.Publish(Parse(SampleOffers.ChromeSimulcast));
        harness.AnswerServerOffers();
        harness.Connect(alice, bob);

        alice.SendRtp(BrowserPackets.Vp8WithRid(77, 1, 0, keyframe: true, Mid, "x"));
        alice.SendRtp(BrowserPackets.Vp8(78, 1, 0, keyframe: true, Mid)); // MID but no rid at all

        Assert.Equal(2, drops.Count);
        Producer producer = alice.Participant.Producers.Single(p => p.Kind == MediaKind.Video);
        Assert.All(producer.Layers, layer => Assert.Equal(0u, layer.Ssrc));
    }

    [Fact]
    public void Layers_listed_high_to_low_are_ordered_by_what_they_measure()
    {
        var harness = new RoutingHarness();
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        alice.Publish(Parse(SampleOffers.ChromeSimulcast.Replace("a=simulcast:send q;h;f", "a=simulcast:send f;h;q")));
        harness.AnswerServerOffers();
        harness.Connect(alice, bob);
        string[] rids = ["q", "h", "f"];
        for (int frame = 0; frame < 60; frame++)
        {
            for (int layer = 0; layer < 3; layer++)
            {
                alice.SendRtp(BrowserPackets.Vp8WithRid((uint)(50 + layer), (ushort)frame, (uint)(frame * 3000), frame % 10 == 0, Mid, rids[layer], PayloadLengths[layer]));
            }

            harness.Advance(TimeSpan.FromMilliseconds(20));
        }

        Producer producer = alice.Participant.Producers.Single(p => p.Kind == MediaKind.Video);
        Assert.Equal(["f", "h", "q"], producer.Layers.Select(l => l.Rid));
        Assert.Equal(["q", "h", "f"], Enumerable.Range(0, 3).Select(rank => producer.Layers[producer.LayerAtQuality(rank)].Rid));
        Consumer consumer = VideoConsumer(alice, bob);
        Assert.Equal("f", producer.Layers[consumer.CurrentLayer].Rid);
    }

    private static Consumer VideoConsumer(ScriptedBrowser publisher, ScriptedBrowser subscriber)
    {
        Producer producer = publisher.Participant.Producers.Single(p => p.Kind == MediaKind.Video);
        return subscriber.Participant.Consumers.Single(c => c.Producer == producer);
    }

    /// <summary>
    /// Frames [from, to), 20 ms apart, on the lowest <paramref name="layersSent"/> layers (a browser's own bandwidth limit
    /// turns off the upper ones); a keyframe every <paramref name="keyframeEvery"/> frames.
    /// </summary>
    private static void SendFrames(RoutingHarness harness, ScriptedBrowser alice, Sent sent, int from, int to, int keyframeEvery, int layersSent = 3)
    {
        for (int frame = from; frame < to; frame++)
        {
            for (int layer = 0; layer < layersSent; layer++)
            {
                bool key = frame % keyframeEvery == 0;
                byte[] packet = BrowserPackets.Vp8(
                    Layers[layer], (ushort)((layer * 10_000) + frame), (uint)((layer * 1_000_000) + (frame * 1800)), key, Mid, PayloadLengths[layer]);
                sent.Packets[(layer, frame)] = packet;
                alice.SendRtp(packet);
            }

            harness.Advance(TimeSpan.FromMilliseconds(20));
        }
    }

    private static void AssertContinuous(ReceivedRtp[] received)
    {
        for (int i = 1; i < received.Length; i++)
        {
            Assert.Equal(unchecked((ushort)(received[i - 1].SequenceNumber + 1)), received[i].SequenceNumber);
            Assert.True(unchecked((int)(received[i].Timestamp - received[i - 1].Timestamp)) > 0, $"timestamp not rising at {i}");
        }
    }

    private static (ScriptedBrowser Publisher, ScriptedBrowser Subscriber) PublishSimulcast(RoutingHarness harness) => SimulcastPublisher.Publish(harness);

    private static SessionDescription ChromeSsrcSimulcastOffer(string participantId) => SimulcastPublisher.Offer(participantId);

    private static SessionDescription Parse(string text)
    {
        Assert.True(SessionDescription.TryParse(text, out SessionDescription? offer, out string? error), error);
        return offer!;
    }

    private sealed class Sent
    {
        public Dictionary<(int Layer, int Frame), byte[]> Packets { get; } = [];
    }
}
