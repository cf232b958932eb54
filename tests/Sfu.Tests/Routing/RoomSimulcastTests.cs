using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Tests.Wire.Sdp;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>
/// SSRC simulcast (a=ssrc-group:SIM) before the SFU selects layers: the producer is pinned to the first declared
/// encoding, and packets of the other declared layers (media and RTX), which carry the same MID, are dropped as
/// simulcast_layer_ignored instead of being learned as an SSRC change that would switch layers packet by packet.
/// </summary>
public class RoomSimulcastTests
{
    private const string Mid = "1";

    // The SIM group of SampleOffers.ChromeSsrcSimulcast and the FID (RTX) SSRC of each layer.
    private static readonly uint[] Layers = [1593287342, 2714356018, 3820157744];
    private static readonly uint[] RtxLayers = [420736159, 1067830525, 2289564871];

    [Fact]
    public void Interleaved_layers_reach_subscribers_as_the_first_layer_only_and_the_producer_ssrc_never_changes()
    {
        using var drops = MetricCounter.Drops("simulcast_layer_ignored");
        var harness = new RoutingHarness();
        var (alice, bob) = PublishSimulcast(harness);
        Producer producer = alice.Participant.Producers.Single(p => p.Kind == MediaKind.Video);
        Consumer consumer = bob.Participant.Consumers.Single(c => c.Producer == producer);
        Assert.Equal((Layers[0], RtxLayers[0]), (producer.Ssrc, producer.RtxSsrc));

        const int Rounds = 10;
        var pinned = new List<byte[]>();
        var lastOfLayer = new byte[Layers.Length][];
        for (int i = 0; i < Rounds; i++)
        {
            for (int layer = 0; layer < Layers.Length; layer++)
            {
                // Each layer has its own sequence and timestamp origin, as Chrome's encoders do.
                byte[] packet = BrowserPackets.Vp8(Layers[layer], (ushort)((layer * 10_000) + i), (uint)((layer * 1_000_000) + (i * 3000)), keyframe: i == 0, Mid);
                alice.SendRtp(packet);
                Assert.Equal((Layers[0], RtxLayers[0]), (producer.Ssrc, producer.RtxSsrc));
                if (layer == 0)
                {
                    pinned.Add(packet);
                }

                lastOfLayer[layer] = packet;
            }

            if (i == 5)
            {
                // Retransmissions of the ignored layers come on their own RTX SSRCs, with the same MID.
                alice.SendRtp(BrowserPackets.Rtx(lastOfLayer[1], RtxLayers[1], 1));
                alice.SendRtp(BrowserPackets.Rtx(lastOfLayer[2], RtxLayers[2], 1));
                Assert.Equal((Layers[0], RtxLayers[0]), (producer.Ssrc, producer.RtxSsrc));
            }

            harness.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(Rounds, producer.PacketsReceived);
        Assert.Equal((2 * Rounds) + 2, drops.Count);
        ReceivedRtp[] received = [.. bob.Rtp.Where(p => p.PayloadType == BrowserPackets.Vp8PayloadType)];
        Assert.All(received, p => Assert.Equal(consumer.Ssrc, p.Ssrc));
        Assert.Equal(Rounds, received.Length);
        for (int i = 0; i < received.Length; i++)
        {
            Assert.Equal(unchecked((ushort)(received[0].SequenceNumber + i)), received[i].SequenceNumber);
            Assert.Equal(unchecked(received[0].Timestamp + (uint)(i * 3000)), received[i].Timestamp);
            Assert.Equal(pinned[i][^BrowserPackets.VideoPayloadLength..], received[i].Payload);
        }
    }

    [Fact]
    public void The_pinned_layer_is_still_repaired_from_its_own_rtx_ssrc()
    {
        var harness = new RoutingHarness();
        var (alice, bob) = PublishSimulcast(harness);
        Producer producer = alice.Participant.Producers.Single(p => p.Kind == MediaKind.Video);
        byte[] lost = BrowserPackets.Vp8(Layers[0], 11, 3000, keyframe: false, Mid);
        alice.SendRtp(BrowserPackets.Vp8(Layers[0], 10, 0, keyframe: true, Mid));
        alice.SendRtp(BrowserPackets.Vp8(Layers[1], 500, 70_000, keyframe: true, Mid));
        alice.SendRtp(BrowserPackets.Vp8(Layers[0], 12, 6000, keyframe: false, Mid));
        alice.SendRtp(BrowserPackets.Rtx(BrowserPackets.Vp8(Layers[1], 499, 67_000, keyframe: false, Mid), RtxLayers[1], 7));
        alice.SendRtp(BrowserPackets.Rtx(lost, RtxLayers[0], 1));

        Assert.Equal((Layers[0], RtxLayers[0]), (producer.Ssrc, producer.RtxSsrc));
        ReceivedRtp[] received = [.. bob.Rtp.Where(p => p.PayloadType == BrowserPackets.Vp8PayloadType)];
        Assert.Equal([0u, 6000u, 3000u], received.Select(p => p.Timestamp));
        Assert.Equal(lost[^BrowserPackets.VideoPayloadLength..], received[2].Payload);
    }

    [Fact]
    public void An_undeclared_ssrc_with_the_mid_is_still_learned_as_an_ssrc_change_and_declared_layers_stay_ignored()
    {
        var harness = new RoutingHarness();
        var (alice, bob) = PublishSimulcast(harness);
        Producer producer = alice.Participant.Producers.Single(p => p.Kind == MediaKind.Video);
        Consumer consumer = bob.Participant.Consumers.Single(c => c.Producer == producer);
        for (int i = 0; i < 3; i++)
        {
            alice.SendRtp(BrowserPackets.Vp8(Layers[0], (ushort)(100 + i), (uint)(i * 3000), keyframe: i == 0, Mid));
            harness.Advance(TimeSpan.FromMilliseconds(20));
        }

        // A replaced track (or Firefox's late SSRCs): a new SSRC nobody declared, tagged with the m= line's MID.
        const uint replaced = 123_456_789;
        for (int i = 0; i < 3; i++)
        {
            alice.SendRtp(BrowserPackets.Vp8(replaced, (ushort)(40_000 + i), (uint)(900_000 + (i * 3000)), keyframe: i == 0, Mid));
            alice.SendRtp(BrowserPackets.Vp8(Layers[2], (ushort)(20_000 + i), (uint)(500_000 + (i * 3000)), keyframe: i == 0, Mid));
            Assert.Equal(replaced, producer.Ssrc);
            harness.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(6, producer.PacketsReceived);
        ReceivedRtp[] received = [.. bob.RtpOn(consumer.Ssrc).Where(p => p.PayloadType == BrowserPackets.Vp8PayloadType)];
        Assert.Equal(Enumerable.Range(100, 6), received.Select(p => (int)p.SequenceNumber));
    }

    /// <summary>
    /// <paramref name="harness"/>'s "alice" publishes Chrome's SSRC simulcast offer (three VP8 layers, each with RTX),
    /// "bob" subscribes, both connect.
    /// </summary>
    private static (ScriptedBrowser Publisher, ScriptedBrowser Subscriber) PublishSimulcast(RoutingHarness harness)
    {
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        alice.Publish(ChromeSsrcSimulcastOffer("alice"));
        harness.AnswerServerOffers();
        harness.Connect(alice, bob);
        harness.Advance(TimeSpan.FromMilliseconds(10));
        return (alice, bob);
    }

    /// <summary><see cref="SampleOffers.ChromeSsrcSimulcast"/> with this participant's own stream and track ids.</summary>
    private static SessionDescription ChromeSsrcSimulcastOffer(string participantId)
    {
        string text = SampleOffers.ChromeSsrcSimulcast
            .Replace("2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21", participantId + "-stream")
            .Replace("6f7c2d1e-8a4b-4e5f-9c3d-1b2a3f4e5d6c", participantId + "-audio")
            .Replace("a4c3b2d1-6e5f-4a7b-8c9d-0e1f2a3b4c5d", participantId + "-video");
        Assert.True(SessionDescription.TryParse(text, out SessionDescription? offer, out string? error), error);
        return offer!;
    }
}
