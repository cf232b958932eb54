using System.Diagnostics.Metrics;
using Signaling.Limits;

namespace Signaling.Diagnostics;

/// <summary>
/// Instruments of the signaling layer, on a meter from the host's <see cref="IMeterFactory"/> (so each host counts its
/// own connections). The name starts with "Sfu", which is what the Api's /metrics collector listens to.
/// </summary>
public sealed class SignalingMetrics
{
    public const string MeterName = "Sfu.Signaling";

    private int _openConnections;

    public SignalingMetrics(IMeterFactory meterFactory)
    {
        Meter meter = meterFactory.Create(MeterName);
        // Observed at scrape time from a plain count, so the value is right whenever the collector started listening.
        meter.CreateObservableUpDownCounter(
            "sfu_signaling_connections", () => Volatile.Read(ref _openConnections), description: "Open signaling WebSocket connections.");
    }

    public int OpenConnections => Volatile.Read(ref _openConnections);

    /// <summary>
    /// Counts a connection unless <paramref name="limit"/> are open already (<c>Signaling:MaxConnections</c>): the gauge
    /// and the cap are the same number, so an operator sees exactly what the cap counts.
    /// </summary>
    internal bool TryConnectionOpened(int limit) => BoundedCount.TryIncrement(ref _openConnections, limit);

    internal void ConnectionClosed() => BoundedCount.Decrement(ref _openConnections);
}
