using Api.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Engine;

namespace Signaling.Tests.Metrics;

public sealed class EngineGaugesTests
{
    [Fact]
    public async Task StatsBecomeTheFourGauges()
    {
        IReadOnlyList<MetricFamily> families = await EngineGauges.CollectAsync(
            () => Task.FromResult(new EngineStats(Rooms: 2, Participants: 5, Producers: 7, Consumers: 20)), TimeSpan.FromSeconds(10), NullLogger.Instance, CancellationToken.None);

        Assert.All(families, f => Assert.Equal(MetricType.Gauge, f.Type));
        Assert.Equal(
            ["sfu_participants 5", "sfu_rooms 2", "sfu_tracks_published 7", "sfu_tracks_subscribed 20"],
            PrometheusTextWriter.Write(families).Split('\n').Where(l => l.Length > 0 && l[0] != '#'));
    }

    [Fact]
    public async Task AMediaThreadThatNeverAnswersLeavesTheGaugesOutInsteadOfHangingTheScrape()
    {
        var never = new TaskCompletionSource<EngineStats>();

        IReadOnlyList<MetricFamily> families = await EngineGauges.CollectAsync(
            () => never.Task, TimeSpan.FromMilliseconds(50), NullLogger.Instance, CancellationToken.None);

        Assert.Empty(families);
    }
}
