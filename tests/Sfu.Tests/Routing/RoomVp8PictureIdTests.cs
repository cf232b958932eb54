using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Wire.Rtcp;

namespace Sfu.Tests.Routing;

/// <summary>
/// A subscriber sees one VP8 stream whose PictureID and TL0PICIDX (RFC 7741 section 4.2) go up by one per picture across
/// simulcast layer switches, as its sequence numbers do: each layer's encoder counts from elsewhere, and Chrome's frame
/// buffer dropped pictures whose id was not newer than the last it decoded, freezing after some switches.
/// </summary>
public class RoomVp8PictureIdTests
{
    // Each layer's encoder has its own PictureID and TL0PICIDX counts, far apart (the high one about to wrap).
    private static readonly int[] FirstPictureId = [1_000, 9_000, 32_760];
    private static readonly int[] FirstTl0 = [10, 100, 250];

    [Fact]
    public void Picture_ids_continue_across_a_switch_down_and_back_up_and_a_nack_repeats_what_was_sent()
    {
        var harness = new RoutingHarness();
        var (alice, bob) = SimulcastPublisher.Publish(harness);
        SendFrames(harness, alice, 0, 41);
        Consumer consumer = bob.Participant.Consumers.Single(c => c.Producer.Kind == MediaKind.Video);
        Assert.Equal(2, consumer.CurrentLayer);

        bob.Participant.SetVideoPreferences([new VideoPreference(consumer.Producer.TrackId, 320, 180, Visible: true, Pinned: false)], null);
        SendFrames(harness, alice, 41, 61);
        Assert.Equal(0, consumer.CurrentLayer);
        bob.Participant.SetVideoPreferences([], null);
        SendFrames(harness, alice, 61, 66);
        bob.LosesIncoming = true; // frame 66 of the low layer, the last before the switch back up (at 70) is lost
        SendFrames(harness, alice, 66, 67);
        bob.LosesIncoming = false;
        SendFrames(harness, alice, 67, 72);
        Assert.Equal(2, consumer.CurrentLayer);

        // A NACK for it, served after the switch, carries the numbers it was first sent with: one after its predecessor.
        ReceivedRtp[] received = [.. bob.RtpOn(consumer.Ssrc).Where(p => p.PayloadType == BrowserPackets.Vp8PayloadType)];
        int gap = Enumerable.Range(1, received.Length - 1).Single(i => received[i].SequenceNumber != unchecked((ushort)(received[i - 1].SequenceNumber + 1)));
        ushort lost = unchecked((ushort)(received[gap].SequenceNumber - 1));
        byte[] nack = new byte[64];
        int length = GenericNack.Write(nack, 0xB0B, consumer.Ssrc, [lost]);
        bob.SendRtcp(nack.AsSpan(0, length));
        harness.Advance(TimeSpan.FromMilliseconds(10));
        SendFrames(harness, alice, 72, 81);

        ReceivedRtp[] ordered = [.. bob.RtpOn(consumer.Ssrc).Where(p => p.PayloadType == BrowserPackets.Vp8PayloadType).OrderBy(p => p.SequenceNumber)];
        Assert.True(ordered.Length > 60);
        for (int i = 1; i < ordered.Length; i++)
        {
            // One packet per picture here: each is the next picture, whatever layer it came from (or a repair of it).
            Assert.Equal(unchecked((ushort)(ordered[i - 1].SequenceNumber + 1)), ordered[i].SequenceNumber);
            Assert.Equal((PictureId(ordered[i - 1]) + 1) & 0x7FFF, PictureId(ordered[i]));
            Assert.Equal((ordered[i - 1].Payload[4] + 1) & 0xFF, ordered[i].Payload[4]);
        }
    }

    private static int PictureId(ReceivedRtp packet) => ((packet.Payload[2] & 0x7F) << 8) | packet.Payload[3];

    /// <summary>Frames [from, to), 20 ms apart, on all three layers, a keyframe every 10 frames; one packet per frame.</summary>
    private static void SendFrames(RoutingHarness harness, ScriptedBrowser alice, int from, int to)
    {
        for (int frame = from; frame < to; frame++)
        {
            for (int layer = 0; layer < 3; layer++)
            {
                byte[] packet = BrowserPackets.Vp8WithPictureId(
                    SimulcastPublisher.Layers[layer], (ushort)((layer * 10_000) + frame), (uint)((layer * 1_000_000) + (frame * 1800)), frame % 10 == 0,
                    SimulcastPublisher.Mid, (FirstPictureId[layer] + frame) & 0x7FFF, (FirstTl0[layer] + frame) & 0xFF, payloadLength: 100 * (layer + 1));
                alice.SendRtp(packet);
            }

            harness.Advance(TimeSpan.FromMilliseconds(20));
        }
    }
}
