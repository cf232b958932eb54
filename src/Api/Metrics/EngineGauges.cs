using Sfu.Engine;

namespace Api.Metrics;

/// <summary>
/// Rooms, participants and tracks, counted by the media thread at scrape time (<see cref="SfuEngine.GetStatsAsync"/>).
/// The wait is bounded: a stuck media thread must not hang the scrape, and the gauges are then simply absent
/// (alert on <c>absent(sfu_rooms)</c>) while the counters are still served.
/// </summary>
public static class EngineGauges
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <returns>The four gauges, or none when the stats did not come within <paramref name="timeout"/>.</returns>
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
        ];
    }

    private static MetricFamily Gauge(string name, string help, int value) =>
        new(name, help, MetricType.Gauge, [new MetricSample(MetricSample.NoLabels, value)]);
}
