using Api.Metrics;
using Prometheus;
using Sfu.Engine;

namespace Signaling.Tests.Metrics;

public sealed class EngineGaugesTests
{
    private static readonly WorkerStats[] Workers =
    [
        new(0, Rooms: 1, Participants: 3, Producers: 4, Consumers: 12, DatagramsReceived: 100, RtpPacketsSent: 900, CpuTime: TimeSpan.FromSeconds(1.5)),
        new(1, Rooms: 1, Participants: 2, Producers: 3, Consumers: 8, DatagramsReceived: 50, RtpPacketsSent: 400, CpuTime: null),
    ];

    [Fact]
    public async Task StatsBecomeTheEngineGaugesAndPerWorkerSeries()
    {
        var registry = new CollectorRegistry();
        var gauges = new EngineGauges(Prometheus.Metrics.WithCustomRegistry(registry));

        Assert.True(await gauges.UpdateAsync(() => Task.FromResult(EngineStats.Sum(Workers)), TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.Equal(
            [
                "sfu_participants 5", "sfu_rooms 2", "sfu_tracks_published 7", "sfu_tracks_subscribed 20",
                "sfu_worker_cpu_seconds_total{worker=\"0\"} 1.5",
                "sfu_worker_datagrams_received_total{worker=\"0\"} 100", "sfu_worker_datagrams_received_total{worker=\"1\"} 50",
                "sfu_worker_participants{worker=\"0\"} 3", "sfu_worker_participants{worker=\"1\"} 2",
                "sfu_worker_rtp_packets_sent_total{worker=\"0\"} 900", "sfu_worker_rtp_packets_sent_total{worker=\"1\"} 400",
            ],
            (await Exposition.ScrapeAsync(registry)).Where(l => l.Length > 0 && l[0] != '#').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AMediaThreadThatStopsAnsweringTakesTheEngineSeriesOutInsteadOfHangingTheScrape()
    {
        var registry = new CollectorRegistry();
        var gauges = new EngineGauges(Prometheus.Metrics.WithCustomRegistry(registry));
        Assert.DoesNotContain(await Exposition.ScrapeAsync(registry), l => l.StartsWith("sfu_", StringComparison.Ordinal));
        await gauges.UpdateAsync(() => Task.FromResult(EngineStats.Sum(Workers)), TimeSpan.FromSeconds(10), CancellationToken.None);
        var never = new TaskCompletionSource<EngineStats>();

        Assert.False(await gauges.UpdateAsync(() => never.Task, TimeSpan.FromMilliseconds(50), CancellationToken.None));

        Assert.DoesNotContain(await Exposition.ScrapeAsync(registry), l => l.StartsWith("sfu_", StringComparison.Ordinal));
    }
}
