using Sfu.Client;
using Sfu.Engine;
using Sfu.Negotiation;

namespace Sfu.IntegrationTests.Client;

/// <summary>
/// The server's send-side bandwidth estimate per subscriber, end to end on loopback: our client stack answers the
/// server's transport-wide sequence numbers with transport-cc feedback, and one subscriber's receive path is policed
/// to 300 kbit/s by its token bucket. The publisher sends one video encoding of about 800 kbit/s, which cannot fit: that
/// subscriber's estimate falls, the allocator pauses its video and says so (videoPaused, "bandwidth"), its audio keeps
/// flowing, the unthrottled subscriber beside it keeps its video, and lifting the throttle brings the video back (the
/// server's probes, on the RTX SSRC its offer announced, find the room).
/// </summary>
public sealed class SubscriberBandwidthEstimationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_throttled_subscriber_loses_the_one_video_that_cannot_fit_keeps_its_audio_and_gets_the_video_back()
    {
        using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0 });

        // About 840 kbit/s: 100 video packets of 1000 bytes and 50 audio packets of 100 bytes a second.
        var media = new SyntheticMediaOptions { AudioPacketsPerSecond = 50, VideoPacketsPerSecond = 100, VideoPacketsPerFrame = 3 };
        using var publisher = new ClientPeer(new ClientPeerOptions { ParticipantId = "alice", Media = media });
        using var throttled = new ClientPeer(new ClientPeerOptions { ParticipantId = "bob", PublishAudio = false, PublishVideo = false, SendTransportCcFeedback = true });
        using var open = new ClientPeer(new ClientPeerOptions { ParticipantId = "carol", PublishAudio = false, PublishVideo = false, SendTransportCcFeedback = true });

        using EngineSignaling alice = await EngineSignaling.JoinAsync(engine, "room", publisher);
        await publisher.ConnectAsync(Timeout);
        using EngineSignaling bob = await EngineSignaling.JoinAsync(engine, "room", throttled);
        using EngineSignaling carol = await EngineSignaling.JoinAsync(engine, "room", open);
        Assert.True(await ClientTestWait.UntilAsync(() => bob.NegotiatedRemoteTracks == 2 && carol.NegotiatedRemoteTracks == 2, Timeout), "the subscribers never got alice's tracks");
        await throttled.ConnectAsync(Timeout);
        await open.ConnectAsync(Timeout);
        throttled.SetReceiveRateLimit(300_000);

        using var stop = new CancellationTokenSource();
        Task sending = publisher.SendMediaAsync(new MediaSendPlan(AudioPackets: 50 * 90, VideoPackets: 100 * 90), stop.Token);
        try
        {
            Assert.True(
                await ClientTestWait.UntilAsync(() => bob.VideoPauses.Any(e => e is { Paused: true, Reason: "bandwidth" }), TimeSpan.FromSeconds(25)),
                "bob's video was never paused: " + Describe([.. await engine.GetSubscriberBandwidthAsync()]));
            Assert.True(throttled.GetStats().ReceiveLimitDrops > 0, "the throttle never dropped anything");
            Assert.True(throttled.GetStats().TransportCcFeedbackSent > 0 && open.GetStats().TransportCcFeedbackSent > 0);
            VideoPauseEvent pause = bob.VideoPauses.First(e => e.Paused);
            Assert.Equal("alice", pause.PublisherId);

            // While paused, bob's audio keeps coming; carol, on an open link, never lost her video.
            long audioBefore = Received(throttled, MediaKind.Audio);
            long carolVideoBefore = Received(open, MediaKind.Video);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.True(Received(throttled, MediaKind.Audio) >= audioBefore + 50, "bob's audio stopped with his video");
            Assert.True(Received(open, MediaKind.Video) >= carolVideoBefore + 100, "carol's video stopped");
            Assert.DoesNotContain(carol.VideoPauses, e => e.Paused);
            SubscriberBandwidthStats[] estimates = [.. await engine.GetSubscriberBandwidthAsync()];
            Assert.True(Of(estimates, "bob").AvailableBitrate >= 100_000, "bob's estimate went below the floor: " + Describe(estimates));

            throttled.SetReceiveRateLimit(0);
            Assert.True(
                await ClientTestWait.UntilAsync(() => bob.VideoPauses.Last() is { Paused: false }, TimeSpan.FromSeconds(20)),
                "bob's video never came back: " + Describe([.. await engine.GetSubscriberBandwidthAsync()]));
            long videoBack = Received(throttled, MediaKind.Video);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.True(Received(throttled, MediaKind.Video) > videoBack, "bob's video was resumed but does not flow");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(5)));
        }
    }

    private static long Received(ClientPeer peer, MediaKind kind) =>
        peer.GetStats().ReceivedBySsrc.Values.Where(s => s.Kind == kind).Sum(s => s.Packets);

    private static SubscriberBandwidthStats Of(SubscriberBandwidthStats[] stats, string participant) => stats.Single(s => s.ParticipantId == participant);

    private static string Describe(SubscriberBandwidthStats[] stats) => string.Join("; ", stats.Select(s => s.ToString()));
}
