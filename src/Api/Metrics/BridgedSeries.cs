using Prometheus;

namespace Api.Metrics;

/// <summary>
/// One instrument + tag set, bound to its prometheus-net child. prometheus-net updates a child with one interlocked
/// operation (histograms: one per bucket and sum), so the media thread that records into it never takes a lock or allocates.
/// </summary>
internal sealed class BridgedSeries(BridgeKind kind, ChildBase child)
{
    private readonly Counter.Child? _counter = child as Counter.Child;
    private readonly Gauge.Child? _gauge = child as Gauge.Child;
    private readonly Histogram.Child? _histogram = child as Histogram.Child;
    private long _generation;

    public ChildBase Child { get; } = child;

    /// <summary>The scrape whose observable callbacks last reported this series.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public void Apply(double value, long generation)
    {
        switch (kind)
        {
            case BridgeKind.CounterIncrement:
                // Prometheus counters only go up; a negative increment is a bug in the instrument, not a value to expose.
                if (value > 0)
                {
                    _counter!.Inc(value);
                }

                break;
            case BridgeKind.CounterTotal:
                _counter!.IncTo(value);
                break;
            case BridgeKind.GaugeIncrement:
                _gauge!.Inc(value);
                break;
            case BridgeKind.GaugeValue:
                _gauge!.Set(value);
                break;
            default:
                _histogram!.Observe(value);
                break;
        }

        Volatile.Write(ref _generation, generation);
    }
}
