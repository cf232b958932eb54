using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;

namespace Sfu.Tests.Routing;

/// <summary>Media through connected transports: what a subscriber's browser decrypts is the publisher's stream under the consumer's SSRC.</summary>
public class RoomForwardingTests
{
    [Fact]
    public void Connected_subscribers_receive_the_publishers_packets_under_their_consumers_ssrc_and_numbering()
    {
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob", "carol");
        uint video = RoutingHarness.VideoSsrc(100);
        uint audio = RoutingHarness.AudioSsrc(100);

        for (int i = 0; i < 5; i++)
        {
            alice.SendRtp(BrowserPackets.Vp8(video, (ushort)(1000 + i), (uint)(90_000 + (i * 3000)), keyframe: i == 0));
            alice.SendRtp(BrowserPackets.Opus(audio, (ushort)(500 + i), (uint)(48_000 + (i * 960))));
            harness.Advance(TimeSpan.FromMilliseconds(20));
        }

        foreach (ScriptedBrowser subscriber in subscribers)
        {
            Assert.Equal(0, subscriber.UndecryptableDatagrams);
            Consumer videoConsumer = Assert.Single(subscriber.Participant.Consumers, c => c.Producer.Kind == MediaKind.Video);
            Consumer audioConsumer = Assert.Single(subscriber.Participant.Consumers, c => c.Producer.Kind == MediaKind.Audio);
            ReceivedRtp[] videoPackets = [.. subscriber.RtpOn(videoConsumer.Ssrc)];
            ReceivedRtp[] audioPackets = [.. subscriber.RtpOn(audioConsumer.Ssrc)];
            Assert.Equal(5, videoPackets.Length);
            Assert.Equal(5, audioPackets.Length);
            Assert.Equal(10, subscriber.Rtp.Count);
            Assert.Equal([1000, 1001, 1002, 1003, 1004], videoPackets.Select(p => (int)p.SequenceNumber));
            Assert.Equal([90_000u, 93_000u, 96_000u, 99_000u, 102_000u], videoPackets.Select(p => p.Timestamp));
            Assert.All(videoPackets, p => Assert.Equal(BrowserPackets.VideoPayloadLength, p.Payload.Length));
            Assert.Equal(BrowserPackets.Vp8(video, 1003, 99_000, keyframe: false)[12..], videoPackets[3].Payload);
            Assert.All(audioPackets, p => Assert.Equal(BrowserPackets.AudioPayloadLength, p.Payload.Length));
            Assert.Equal(videoConsumer.Mid, System.Text.Encoding.ASCII.GetString(videoPackets[0].Extension(BrowserPackets.MidId) ?? []));
            Assert.Equal(5, videoConsumer.PacketsSent);
        }

        Assert.Empty(alice.Rtp);
    }
}
