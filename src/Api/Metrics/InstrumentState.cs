using System.Collections.Concurrent;

namespace Api.Metrics;

/// <summary>How measurements of an instrument combine into a series' value.</summary>
internal enum Aggregation
{
    /// <summary>Counter, UpDownCounter: measurements are increments.</summary>
    Sum,

    /// <summary>Gauge and every observable instrument: a measurement is the current (for observable counters, cumulative) value.</summary>
    LastValue,

    /// <summary>Histogram: measurements are counted into fixed buckets.</summary>
    Histogram,
}

/// <summary>
/// Everything recorded for one Prometheus metric name: its series by tag set. The per-measurement path finds
/// the series by the measurement's tag span (<see cref="TagSetComparer"/>), so after a tag set's first
/// measurement recording allocates nothing.
/// </summary>
internal sealed class InstrumentState
{
    private readonly ConcurrentDictionary<TagSet, MetricSeries> _series = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<TagSet, MetricSeries>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;
    private readonly ScrapeClock _clock;

    public InstrumentState(string name, string help, MetricType type, Aggregation aggregation, bool observable, double[]? upperBounds, ScrapeClock clock)
    {
        Name = name;
        Help = help;
        Type = type;
        Aggregation = aggregation;
        Observable = observable;
        UpperBounds = upperBounds ?? [];
        _clock = clock;
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    public string Name { get; }

    public string Help { get; }

    public MetricType Type { get; }

    public Aggregation Aggregation { get; }

    public bool Observable { get; }

    public double[] UpperBounds { get; }

    public void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        MetricSeries series = Find(tags);
        switch (Aggregation)
        {
            case Aggregation.Sum:
                series.Add(value);
                break;
            case Aggregation.LastValue:
                series.Set(value, _clock.Current);
                break;
            default:
                series.Observe(value, UpperBounds);
                break;
        }
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        MetricSeries series = Find(tags);
        switch (Aggregation)
        {
            case Aggregation.Sum:
                series.Add(value);
                break;
            case Aggregation.LastValue:
                series.Set(value, _clock.Current);
                break;
            default:
                series.Observe(value, UpperBounds);
                break;
        }
    }

    /// <summary>
    /// The family as of now. Series of observable instruments that their callback did not report in this scrape
    /// (<paramref name="generation"/>) are left out: the thing they measured is gone.
    /// </summary>
    public MetricFamily Snapshot(long generation)
    {
        var samples = new List<MetricSample>(_series.Count);
        foreach (MetricSeries series in _series.Values)
        {
            if (Observable && series.Generation != generation)
            {
                continue;
            }

            samples.Add(Aggregation == Aggregation.Histogram
                ? new MetricSample(series.Tags.Labels, 0, series.ReadHistogram(UpperBounds))
                : new MetricSample(series.Tags.Labels, series.Value));
        }

        return new MetricFamily(Name, Help, Type, samples);
    }

    private MetricSeries Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_lookup.TryGetValue(tags, out MetricSeries? series))
        {
            return series;
        }

        // First measurement with this tag set: the only allocating path.
        return _series.GetOrAdd(TagSet.Create(tags), static (key, bounds) => new MetricSeries(key, bounds), UpperBounds.Length);
    }
}

/// <summary>Numbers the scrapes, so observable series can tell whether the current scrape reported them.</summary>
internal sealed class ScrapeClock
{
    private long _current;

    public long Current => Volatile.Read(ref _current);

    public long Advance() => Interlocked.Increment(ref _current);
}
