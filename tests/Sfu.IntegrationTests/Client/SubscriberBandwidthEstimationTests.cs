using Sfu.Client;
using Sfu.Engine;

namespace Sfu.IntegrationTests.Client;

/// <summary>
/// The server's send-side bandwidth estimate per subscriber, end to end on loopback: our client stack answers the
/// server's transport-wide sequence numbers with transport-cc feedback, and one subscriber's receive path is policed
/// to 300 kbit/s by its token bucket. That subscriber's estimate falls to about the policed rate while an unthrottled
/// one beside it stays high, and lifting the throttle lets it climb back.
/// </summary>
public sealed class SubscriberBandwidthEstimationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    // Written before the stream allocator was merged. With a single-layer publisher, the allocator now pauses the
    // throttled subscriber's only video once the estimate drops below that layer's rate; what is left (audio) no longer
    // congests the link, so the estimate stops following it down to 300 kbit/s. The behaviour to assert is the simulcast
    // one (the throttled subscriber gets the low layer); this single-layer variant needs rewriting to assert the pause.
    [Fact(Skip = "superseded by the stream allocator: the throttled subscriber's only video is paused (see comment)")]
    public async Task A_throttled_subscribers_estimate_follows_its_link_while_an_unthrottled_one_stays_high()
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
        Task sending = publisher.SendMediaAsync(new MediaSendPlan(AudioPackets: 50 * 60, VideoPackets: 100 * 60), stop.Token);
        try
        {
            SubscriberBandwidthStats[] settled = await WaitForEstimatesAsync(
                engine, stats => Of(stats, "bob").AvailableBitrate <= 330_000 && Of(stats, "carol").AvailableBitrate >= 700_000, TimeSpan.FromSeconds(20));
            Assert.True(throttled.GetStats().TransportCcFeedbackSent > 0 && open.GetStats().TransportCcFeedbackSent > 0);
            Assert.True(throttled.GetStats().ReceiveLimitDrops > 0, "the throttle never dropped anything");
            Assert.True(Of(settled, "bob").AvailableBitrate >= 100_000, "bob's estimate went below the floor: " + Describe(settled));

            throttled.SetReceiveRateLimit(0);
            await WaitForEstimatesAsync(engine, stats => Of(stats, "bob").AvailableBitrate >= 600_000, TimeSpan.FromSeconds(10));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(5)));
        }
    }

    /// <summary>Polls the engine's estimates until <paramref name="condition"/> holds; fails with the last ones seen.</summary>
    private static async Task<SubscriberBandwidthStats[]> WaitForEstimatesAsync(SfuEngine engine, Func<SubscriberBandwidthStats[], bool> condition, TimeSpan within)
    {
        DateTime deadline = DateTime.UtcNow + within;
        SubscriberBandwidthStats[] stats = [];
        while (DateTime.UtcNow < deadline)
        {
            stats = [.. await engine.GetSubscriberBandwidthAsync()];
            if (stats.Any(s => s.ParticipantId == "bob") && stats.Any(s => s.ParticipantId == "carol") && condition(stats))
            {
                return stats;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"within {within}: estimates {Describe(stats)}");
        return stats;
    }

    private static SubscriberBandwidthStats Of(SubscriberBandwidthStats[] stats, string participant) => stats.Single(s => s.ParticipantId == participant);

    private static string Describe(SubscriberBandwidthStats[] stats) => string.Join("; ", stats.Select(s => s.ToString()));
}
