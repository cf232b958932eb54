using Sfu.Engine;

namespace Api.Metrics;

/// <summary>
/// Rooms, participants and tracks, and each media worker's load, counted by the media workers at scrape time (<see cref="SfuEngine.GetStatsAsync"/>).
/// The wait is bounded: a stuck media thread must not hang the scrape, and the gauges are then simply absent
/// (alert on <c>absent(sfu_rooms)</c>) while the counters are still served.
/// </summary>
public static class EngineGauges
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <returns>The engine families, or none when the stats did not come within <paramref name="timeout"/>.</returns>
    public static async Task<IReadOnlyList<MetricFamily>> CollectAsync(
        Func<Task<EngineStats>> getStats, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        EngineStats stats;
        try
        {
            stats = await getStats().WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            ApiLog.EngineStatsTimedOut(logger, timeout.TotalMilliseconds);
            return [];
        }

        return
        [
            Gauge("sfu_rooms", "Rooms with at least one participant in the media engine.", stats.Rooms),
            Gauge("sfu_participants", "Participants (peer connections) in the media engine.", stats.Participants),
            Gauge("sfu_tracks_published", "Tracks published to the server (producers).", stats.Producers),
            Gauge("sfu_tracks_subscribed", "Tracks forwarded to subscribers (consumers).", stats.Consumers),
            PerWorker("sfu_worker_participants", "Participants on each media worker (rooms are placed on the least loaded).", MetricType.Gauge, stats.Workers, w => w.Participants),
            PerWorker("sfu_worker_rtp_packets_sent_total", "RTP packets each media worker sent (forwarded media and retransmissions).", MetricType.Counter, stats.Workers, w => w.RtpPacketsSent),
            PerWorker("sfu_worker_datagrams_received_total", "Datagrams each media worker received on its port.", MetricType.Counter, stats.Workers, w => w.DatagramsReceived),
            PerWorker("sfu_worker_cpu_seconds_total", "CPU time each media worker thread used (Linux).", MetricType.Counter, stats.Workers, w => w.CpuTime?.TotalSeconds ?? double.NaN),
        ];
    }

    private static MetricFamily PerWorker(string name, string help, MetricType type, IReadOnlyList<WorkerStats> workers, Func<WorkerStats, double> value)
    {
        var samples = new List<MetricSample>(workers.Count);
        foreach (WorkerStats worker in workers)
        {
            double sample = value(worker);
            if (!double.IsNaN(sample))
            {
                samples.Add(new MetricSample([new KeyValuePair<string, string>("worker", worker.Worker.ToString(System.Globalization.CultureInfo.InvariantCulture))], sample));
            }
        }

        return new MetricFamily(name, help, type, samples);
    }

    private static MetricFamily Gauge(string name, string help, int value) =>
        new(name, help, MetricType.Gauge, [new MetricSample(MetricSample.NoLabels, value)]);
}
