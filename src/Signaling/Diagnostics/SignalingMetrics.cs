using System.Diagnostics.Metrics;

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

    internal void ConnectionOpened() => Interlocked.Increment(ref _openConnections);

    internal void ConnectionClosed() => Interlocked.Decrement(ref _openConnections);
}
