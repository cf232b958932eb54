using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>
/// Nothing is transcoded: H.264 reaches the subscribers whose browsers offered it, and a subscriber without it gets
/// no video from an H.264-only publisher, counted as a codec_not_negotiated drop instead of vanishing silently.
/// </summary>
public class RoomCodecTests
{
    [Fact]
    public void An_h264_only_publisher_reaches_h264_subscribers_and_is_counted_as_dropped_for_one_without_it()
    {
        using var drops = MetricCounter.Drops("codec_not_negotiated");
        var harness = new RoutingHarness();
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        ScriptedBrowser carol = harness.JoinBrowser("carol");
        alice.Publish(WithoutVp8(RoutingHarness.ChromeOffer("alice", 100)));
        harness.Advance(TimeSpan.FromMilliseconds(200));
        bob.AnswerLatestOffer();
        carol.AnswerLatestOffer(RejectH264Video);
        harness.Connect(alice, bob, carol);

        Producer video = Assert.Single(alice.Participant.Producers, p => p.Kind == MediaKind.Video);
        Assert.All(video.Codecs, codec => Assert.True(codec.IsNamed("H264"), codec.Name));
        byte h264 = (byte)video.Codecs[0].PayloadType;
        uint ssrc = RoutingHarness.VideoSsrc(100);
        for (int i = 0; i < 4; i++)
        {
            alice.SendRtp(BrowserPackets.H264(h264, ssrc, (ushort)(10 + i), (uint)(3000 * i), keyframe: i == 0));
            harness.Advance(TimeSpan.FromMilliseconds(30));
        }

        Consumer bobVideo = Assert.Single(bob.Participant.Consumers, c => c.Producer == video);
        ReceivedRtp[] received = [.. bob.RtpOn(bobVideo.Ssrc)];
        Assert.Equal(4, received.Length);
        Assert.Equal(0x65, received[0].Payload[0]);

        Consumer carolVideo = Assert.Single(carol.Participant.Consumers, c => c.Producer == video);
        Assert.False(carolVideo.IsNegotiated);
        Assert.Empty(carol.RtpOn(carolVideo.Ssrc));
        Assert.True(drops.Count >= 4, $"{drops.Count} codec_not_negotiated drops");
    }

    /// <summary>A browser without VP8 (and without VP9/AV1, which the SFU does not forward): H.264 is what it can send.</summary>
    private static SessionDescription WithoutVp8(SessionDescription offer)
    {
        MediaDescription video = offer.Media.Single(m => m.Kind == "video");
        HashSet<string> keep = [];
        foreach (SdpRtpMap map in video.RtpMaps)
        {
            if (map.EncodingName.Equals("H264", StringComparison.OrdinalIgnoreCase))
            {
                keep.Add(map.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        foreach (SdpFmtp fmtp in video.Fmtps)
        {
            if (fmtp.TryGetParameter("apt", out string? apt) && keep.Contains(apt!))
            {
                keep.Add(fmtp.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        video.Formats.RemoveAll(format => !keep.Contains(format));
        return offer;
    }

    /// <summary>What a browser without H.264 answers to an offer of H.264 video: the m= line rejected (port 0).</summary>
    private static void RejectH264Video(SessionDescription answer)
    {
        foreach (MediaDescription media in answer.Media)
        {
            if (media.Kind == "video")
            {
                media.Port = 0;
                media.RtpMaps.RemoveAll(map => map.EncodingName.Equals("H264", StringComparison.OrdinalIgnoreCase));
            }
        }
    }
}
