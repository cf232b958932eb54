using Api.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Engine;

namespace Signaling.Tests.Metrics;

public sealed class EngineGaugesTests
{
    [Fact]
    public async Task StatsBecomeTheEngineGaugesAndPerWorkerSeries()
    {
        WorkerStats[] workers =
        [
            new(0, Rooms: 1, Participants: 3, Producers: 4, Consumers: 12, DatagramsReceived: 100, RtpPacketsSent: 900, CpuTime: TimeSpan.FromSeconds(1.5)),
            new(1, Rooms: 1, Participants: 2, Producers: 3, Consumers: 8, DatagramsReceived: 50, RtpPacketsSent: 400, CpuTime: null),
        ];
        IReadOnlyList<MetricFamily> families = await EngineGauges.CollectAsync(
            () => Task.FromResult(EngineStats.Sum(workers)), TimeSpan.FromSeconds(10), NullLogger.Instance, CancellationToken.None);

        Assert.Equal(
            [
                "sfu_participants 5", "sfu_rooms 2", "sfu_tracks_published 7", "sfu_tracks_subscribed 20",
                "sfu_worker_cpu_seconds_total{worker=\"0\"} 1.5",
                "sfu_worker_datagrams_received_total{worker=\"0\"} 100", "sfu_worker_datagrams_received_total{worker=\"1\"} 50",
                "sfu_worker_participants{worker=\"0\"} 3", "sfu_worker_participants{worker=\"1\"} 2",
                "sfu_worker_rtp_packets_sent_total{worker=\"0\"} 900", "sfu_worker_rtp_packets_sent_total{worker=\"1\"} 400",
            ],
            PrometheusTextWriter.Write(families).Split('\n').Where(l => l.Length > 0 && l[0] != '#').Order(StringComparer.Ordinal));
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
