using System.Collections.Concurrent;
using Prometheus;

namespace Api.Metrics;

/// <summary>
/// Everything exported for one Prometheus metric name: the prometheus-net metric (created at the first measurement,
/// when its label names are known) and its series by tag set. A measurement finds its series by the tag span itself
/// (<see cref="TagSetComparer"/>), so after a tag set's first measurement recording allocates nothing.
/// </summary>
internal sealed class InstrumentBridge
{
    private readonly ConcurrentDictionary<TagSet, BridgedSeries> _series = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<TagSet, BridgedSeries>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;
    private readonly IMetricFactory _factory;
    private readonly double[] _buckets;
    private readonly ScrapeClock _clock;
    private readonly Lock _create = new();
    private Collector? _metric;
    private string[] _labelNames = [];

    public InstrumentBridge(IMetricFactory factory, string name, string help, BridgeKind kind, bool observable, double[] buckets, ScrapeClock clock)
    {
        _factory = factory;
        Name = name;
        Help = help;
        Kind = kind;
        Observable = observable;
        _buckets = buckets;
        _clock = clock;
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    public string Name { get; }

    public string Help { get; }

    public BridgeKind Kind { get; }

    public bool Observable { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_lookup.TryGetValue(tags, out BridgedSeries? series))
        {
            series = Add(tags);
        }

        series?.Apply(value, _clock.Current);
    }

    /// <summary>
    /// Removes the series of an observable instrument that the scrape <paramref name="generation"/> did not report:
    /// the thing they measured is gone.
    /// </summary>
    public void RemoveUnreported(long generation)
    {
        foreach (KeyValuePair<TagSet, BridgedSeries> entry in _series)
        {
            if (entry.Value.Generation != generation && _series.TryRemove(entry))
            {
                entry.Value.Child.Remove();
            }
        }
    }

    /// <summary>The first measurement with this tag set: the only allocating path (and the only lock), once per series.</summary>
    private BridgedSeries? Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        TagSet set = TagSet.Create(tags);
        lock (_create)
        {
            if (_series.TryGetValue(set, out BridgedSeries? existing))
            {
                return existing;
            }

            _metric ??= CreateMetric(set);
            if (_metric is null)
            {
                return null;
            }

            var series = new BridgedSeries(Kind, ChildFor(set));
            _series[set] = series;
            return series;
        }
    }

    /// <summary>
    /// prometheus-net fixes a metric's label names: they are those of the first tag set. A later tag set without one of
    /// them exports it empty (the Prometheus meaning of "absent"); a tag it has beyond them is not exported.
    /// </summary>
    private ChildBase ChildFor(TagSet set)
    {
        var values = new string[_labelNames.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = set.LabelValue(_labelNames[i]);
        }

        return _metric switch
        {
            Counter counter => counter.WithLabels(values),
            Gauge gauge => gauge.WithLabels(values),
            _ => ((Histogram)_metric!).WithLabels(values),
        };
    }

    private Collector? CreateMetric(TagSet first)
    {
        _labelNames = first.LabelNames();
        try
        {
            return Kind switch
            {
                BridgeKind.CounterIncrement or BridgeKind.CounterTotal => _factory.CreateCounter(Name, Help, _labelNames),
                BridgeKind.GaugeIncrement or BridgeKind.GaugeValue => _factory.CreateGauge(Name, Help, _labelNames),
                _ => _factory.CreateHistogram(Name, Help, _labelNames, new HistogramConfiguration { Buckets = _buckets }),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // The name is taken in this registry by another kind of metric or other label names: not exported, never thrown at a media thread.
            return null;
        }
    }
}

/// <summary>Numbers the scrapes, so observable series can tell whether the current scrape reported them.</summary>
internal sealed class ScrapeClock
{
    private long _current;

    public long Current => Volatile.Read(ref _current);

    public long Advance() => Interlocked.Increment(ref _current);
}
