using System.Diagnostics.Metrics;
using Sfu.Diagnostics;

namespace Sfu.Tests.Routing;

/// <summary>
/// Sums the measurements of one Sfu counter whose tags include all of the given label pairs, while it lives. The
/// counters are process-wide: a label only one test class produces keeps the sum exact (xunit runs a class's tests one
/// at a time); labels other tests produce too can only be asserted as a lower bound.
/// </summary>
internal sealed class MetricCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public MetricCounter(string instrumentName, params (string Key, string Value)[] labels)
        : this(instrumentName, null, labels)
    {
    }

    /// <param name="threadId">Counts only what this managed thread records (null: every thread).</param>
    private MetricCounter(string instrumentName, int? threadId, params (string Key, string Value)[] labels)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SfuMetrics.MeterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            int matched = 0;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                foreach ((string key, string expected) in labels)
                {
                    if (tag.Key == key && (string?)tag.Value == expected)
                    {
                        matched++;
                    }
                }
            }

            if (matched == labels.Length && (threadId is null || threadId == Environment.CurrentManagedThreadId))
            {
                Interlocked.Add(ref _count, value);
            }
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    /// <summary>sfu_dropped_packets_total with this <c>reason</c>.</summary>
    public static MetricCounter Drops(string reason) => new("sfu_dropped_packets_total", ("reason", reason));

    /// <summary>
    /// sfu_dropped_packets_total with this <c>reason</c>, recorded on the calling thread only: exact for a label other
    /// test classes produce in parallel, when the test drives the engine on its own thread (the routing harness does).
    /// </summary>
    public static MetricCounter DropsOnThisThread(string reason) =>
        new("sfu_dropped_packets_total", Environment.CurrentManagedThreadId, ("reason", reason));

    /// <summary>sfu_rtcp_feedback_total with this <c>type</c> and <c>direction</c>.</summary>
    public static MetricCounter Feedback(string type, string direction) =>
        new("sfu_rtcp_feedback_total", ("type", type), ("direction", direction));

    public void Dispose() => _listener.Dispose();
}
