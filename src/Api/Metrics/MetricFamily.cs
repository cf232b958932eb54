namespace Api.Metrics;

/// <summary>The metric types this exposition writes (the <c># TYPE</c> line of the text format).</summary>
public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>One metric name with its help text, type and samples, as read at one scrape.</summary>
public sealed record MetricFamily(string Name, string Help, MetricType Type, IReadOnlyList<MetricSample> Samples);

/// <summary>One label set of a family and its value; a histogram's value is in <see cref="Histogram"/>.</summary>
public sealed record MetricSample(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, HistogramValue? Histogram = null)
{
    public static readonly IReadOnlyList<KeyValuePair<string, string>> NoLabels = [];
}

/// <summary>
/// A histogram's buckets as Prometheus wants them: cumulative counts per upper bound, plus one more entry for
/// <c>+Inf</c> that is also the total count (so <c>_count</c> always equals the <c>+Inf</c> bucket).
/// </summary>
public sealed record HistogramValue(IReadOnlyList<double> UpperBounds, IReadOnlyList<long> CumulativeCounts, double Sum)
{
    public long Count => CumulativeCounts[^1];
}
