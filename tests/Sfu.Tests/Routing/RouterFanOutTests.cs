using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Transport;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>
/// Fan-out through the <see cref="Router"/> with recording senders instead of transports: no DTLS, no SRTP, no sockets.
/// Alice publishes audio and video; every other participant only receives. Packets go straight into alice's
/// <see cref="ITransportListener.OnRtp"/>; what each participant's consumers sent is what its recorder holds.
/// </summary>
public class RouterFanOutTests
{
    private const long Millisecond = TimeSpan.TicksPerMillisecond;
    private const uint AliceBase = 100;

    /// <summary>
    /// Script: "step; ..." where step is send N (N video keyframes and N audio packets from alice), mute|unmute video,
    /// unpublish video (alice re-offers it inactive), close X (X's transport closes), stall|ready X (X's sender is not
    /// ready / ready again). Expected: "who video/audio" packets each subscriber's recorder got.
    /// </summary>
    [Theory]
    [InlineData("one producer reaches every consumer", "send 5", "bob 5/5, carol 5/5, dave 5/5")]
    [InlineData("a muted producer forwards nothing; its other track goes on", "send 2; mute video; send 3; unmute video; send 2", "bob 4/7, carol 4/7, dave 4/7")]
    [InlineData("a consumer removed mid-stream gets nothing more; the rest flows", "send 2; unpublish video; send 3", "bob 2/5, carol 2/5, dave 2/5")]
    [InlineData("a subscriber that closed gets nothing more", "send 2; close carol; send 3", "bob 5/5, carol 2/2, dave 5/5")]
    [InlineData("a publisher that closed reaches nobody", "send 2; close alice; send 3", "bob 2/2, carol 2/2, dave 2/2")]
    [InlineData("a subscriber whose sender is not ready is skipped, not the others", "send 1; stall carol; send 2; ready carol; send 2", "bob 5/5, carol 3/3, dave 5/5")]
    public void Fan_out_script(string name, string script, string expected)
    {
        Assert.NotEmpty(name);
        var room = new FakeSenderRoom("alice", "bob", "carol", "dave");
        Dictionary<string, (uint Video, uint Audio)> ssrcs = room.Subscribers.ToDictionary(s => s.Id, s => (Ssrc(s, MediaKind.Video), Ssrc(s, MediaKind.Audio)));
        ushort sequence = 1;
        foreach (string step in script.Split(';', StringSplitOptions.TrimEntries))
        {
            string[] words = step.Split(' ');
            switch (words[0])
            {
                case "send":
                    for (int i = 0; i < int.Parse(words[1]); i++, sequence++)
                    {
                        room.Advance(20 * Millisecond);
                        room.PublisherSends(BrowserPackets.Vp8(RoutingHarness.VideoSsrc(AliceBase), sequence, sequence * 3000u, keyframe: true));
                        room.PublisherSends(BrowserPackets.Opus(RoutingHarness.AudioSsrc(AliceBase), sequence, sequence * 960u));
                    }

                    break;
                case "mute" or "unmute":
                    room.Publisher.Participant.SetTrackMuted("alice-" + words[1], words[0] == "mute");
                    break;
                case "unpublish":
                    SessionDescription reoffer = RoutingHarness.ChromeOffer("alice", AliceBase);
                    reoffer.Media.Single(m => m.Kind == words[1]).Direction = SdpDirection.Inactive;
                    Assert.True(room.Publisher.Participant.ApplyOffer(reoffer).Succeeded);
                    break;
                case "close":
                    Participant closing = room.Find(words[1]).Participant;
                    closing.Transport.Close("test");
                    Assert.True(closing.IsClosed);
                    break;
                case "stall" or "ready":
                    room.Find(words[1]).Sent.IsReady = words[0] == "ready";
                    break;
                default:
                    throw new ArgumentException("unknown step " + step);
            }
        }

        string[] actual = [.. room.Subscribers.Select(s => $"{s.Id} {s.Sent.RtpCountOn(ssrcs[s.Id].Video)}/{s.Sent.RtpCountOn(ssrcs[s.Id].Audio)}")];
        Assert.Equal(expected.Split(", "), actual);
    }

    /// <summary>
    /// Script: "who at-ms; ..." a subscriber's PLI for its video consumer at that time. Expected: when alice is sent a PLI,
    /// in ms. Five subscribers ask; the producer's throttle lets one request per second through.
    /// </summary>
    [Theory]
    [InlineData("five subscribers at once make one PLI", "s1 0; s2 0; s3 0; s4 0; s5 0", "0")]
    [InlineData("requests spread over a second make one PLI", "s1 0; s2 200; s3 400; s4 600; s5 999", "0")]
    [InlineData("the first request after the interval passes", "s1 0; s2 500; s3 1000; s4 1500; s5 2100", "0 1000 2100")]
    [InlineData("one subscriber asking over and over is throttled too", "s1 0; s1 10; s1 20; s1 1000", "0 1000")]
    public void Keyframe_requests_of_many_consumers_collapse_into_one_pli_per_interval(string name, string script, string expectedMs)
    {
        Assert.NotEmpty(name);
        var room = new FakeSenderRoom("alice", "s1", "s2", "s3", "s4", "s5");
        room.Advance(1100 * Millisecond); // past the requests of the subscribers' own negotiation
        room.Publisher.Sent.Rtcp.Clear();
        long start = room.Now;

        foreach (string step in script.Split(';', StringSplitOptions.TrimEntries))
        {
            string[] words = step.Split(' ');
            FakeSenderRoom.Member subscriber = room.Find(words[0]);
            room.AdvanceTo(start + (long.Parse(words[1]) * Millisecond));
            uint video = Ssrc(subscriber, MediaKind.Video);
            subscriber.Participant.OnRtcp(subscriber.Participant.Transport, BrowserPackets.Pli(7, video), room.Now);
        }

        long[] expected = [.. expectedMs.Split(' ').Select(ms => start + (long.Parse(ms) * Millisecond))];
        Assert.Equal(expected, room.Publisher.Sent.PliTimes());
        Assert.All(room.Publisher.Sent.Rtcp.SelectMany(p => p.Messages.OfType<PliMessage>()), pli => Assert.Equal(RoutingHarness.VideoSsrc(AliceBase), pli.MediaSsrc));
    }

    [Fact]
    public void New_consumers_and_their_waiting_forwarders_ask_once_per_interval_not_once_each()
    {
        var room = new FakeSenderRoom("alice", "s1", "s2", "s3", "s4", "s5");
        long start = room.Now;

        // Each of five consumers was just negotiated (one request each), then each forwarder waits for a keyframe and
        // asks again on every delta frame.
        for (ushort sequence = 1; sequence <= 25; sequence++)
        {
            room.Advance(40 * Millisecond);
            room.PublisherSends(BrowserPackets.Vp8(RoutingHarness.VideoSsrc(AliceBase), sequence, sequence * 3000u, keyframe: false));
        }

        long[] times = room.Publisher.Sent.PliTimes();
        Assert.Equal(2, times.Length);
        Assert.Equal(start, times[0]);
        Assert.Equal(TimeSpan.TicksPerSecond, times[1] - times[0]);
        Assert.All(room.Subscribers, s => Assert.Equal(0, s.Sent.RtpCountOn(Ssrc(s, MediaKind.Video))));
    }

    private static uint Ssrc(FakeSenderRoom.Member subscriber, MediaKind kind) =>
        subscriber.Participant.Consumers.Single(c => c.Producer.Kind == kind).Ssrc;
}
