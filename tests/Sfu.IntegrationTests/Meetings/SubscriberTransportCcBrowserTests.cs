using Sfu.Engine;
using Sfu.IntegrationTests.Browser;
using Xunit.Abstractions;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>
/// Real Chromium as a subscriber of the server's send-side congestion control: the server stamps its own transport-wide
/// sequence numbers on what it forwards and offers transport-cc on the m= lines it sends on, so Chrome acknowledges
/// them in transport-cc feedback, which feeds each page's estimator on the server (with video still decoding).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SubscriberTransportCcBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Chromium_acknowledges_the_servers_transport_wide_numbers_and_each_page_gets_an_estimate()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        await using Chromium chromium = await Chromium.LaunchAsync();
        const string room = "subscriber-twcc-room";
        MeetingPage[] pages =
        [
            await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Alice"),
            await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Bob"),
        ];
        foreach (MeetingPage page in pages)
        {
            await page.WaitForPlayingRemoteVideosAsync(1);
        }

        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        IReadOnlyList<SubscriberBandwidthStats> stats = [];
        while (DateTime.UtcNow < deadline)
        {
            stats = await server.Engine.GetSubscriberBandwidthAsync();
            if (stats.Count == 2 && stats.All(s => s.FeedbackMessages >= 20 && s.AcknowledgedBitrate > 50_000))
            {
                break;
            }

            await Task.Delay(500);
        }

        foreach (SubscriberBandwidthStats subscriber in stats)
        {
            output.WriteLine(subscriber.ToString());
        }

        Assert.Equal(2, stats.Count);
        Assert.All(stats, s =>
        {
            Assert.True(s.FeedbackMessages >= 20, $"{s.ParticipantId}: {s.FeedbackMessages} transport-cc messages");
            Assert.True(s.AcknowledgedBitrate > 50_000, $"{s.ParticipantId}: acknowledged {s.AcknowledgedBitrate} bit/s");
            Assert.InRange(s.AvailableBitrate, 100_000, 10_000_000);
        });
        MeetingPage.AssertNoPageErrors(pages);
    }
}
