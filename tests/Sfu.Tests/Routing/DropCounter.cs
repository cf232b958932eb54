using System.Diagnostics.Metrics;
using Sfu.Diagnostics;

namespace Sfu.Tests.Routing;

/// <summary>
/// Counts sfu_dropped_packets_total measurements with one reason label while it lives. The counter is process-wide, so
/// a label only one test class produces keeps the count exact (xunit runs a class's tests one at a time).
/// </summary>
internal sealed class DropCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public DropCounter(string label)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SfuMetrics.MeterName && instrument.Name == "sfu_dropped_packets_total")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key == "reason" && (string?)tag.Value == label)
                {
                    Interlocked.Add(ref _count, value);
                }
            }
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
