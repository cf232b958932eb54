namespace Api.Metrics;

/// <summary>
/// The cumulative state of one instrument + tag set. Measurements arrive on any thread (the media thread for the
/// engine's counters), so every update is one interlocked operation and nothing allocates.
/// </summary>
internal sealed class MetricSeries
{
    private readonly long[]? _buckets;
    private long _integer;
    private double _floating;
    private long _generation;

    public MetricSeries(TagSet tags, int bucketBounds)
    {
        Tags = tags;
        // One count per upper bound, plus the overflow bucket (+Inf).
        _buckets = bucketBounds > 0 ? new long[bucketBounds + 1] : null;
    }

    public TagSet Tags { get; }

    /// <summary>The scrape that last set this series (observable instruments report only what their callback reported).</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Integer and floating sums are kept apart so integer counters stay exact and need no compare-exchange loop.</summary>
    public double Value => Volatile.Read(ref _integer) + Volatile.Read(ref _floating);

    public void Add(long value) => Interlocked.Add(ref _integer, value);

    public void Add(double value) => AddDouble(ref _floating, value);

    public void Set(double value, long generation)
    {
        Volatile.Write(ref _floating, value);
        Volatile.Write(ref _generation, generation);
    }

    public void Observe(double value, double[] upperBounds)
    {
        // Bucket i counts values <= upperBounds[i] (the "le" label); larger ones, and NaN, go to +Inf.
        // (BinarySearch would order NaN below every bound.)
        int index = double.IsNaN(value) ? upperBounds.Length : Array.BinarySearch(upperBounds, value);
        if (index < 0)
        {
            index = ~index;
        }

        Interlocked.Increment(ref _buckets![index]);
        AddDouble(ref _floating, value);
    }

    /// <summary>
    /// Cumulative bucket counts; the last (+Inf) is the total, so <c>_count</c> and the +Inf bucket agree even while
    /// measurements race with the scrape.
    /// </summary>
    public HistogramValue ReadHistogram(double[] upperBounds)
    {
        var cumulative = new long[_buckets!.Length];
        long running = 0;
        for (int i = 0; i < cumulative.Length; i++)
        {
            running += Volatile.Read(ref _buckets[i]);
            cumulative[i] = running;
        }

        return new HistogramValue(upperBounds, cumulative, Volatile.Read(ref _floating));
    }

    private static void AddDouble(ref double target, double value)
    {
        double current = Volatile.Read(ref target);
        while (true)
        {
            double seen = Interlocked.CompareExchange(ref target, current + value, current);
            // Compare bits, as CompareExchange does: Equals would call NaN equal to NaN and -0.0 equal to 0.0.
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }
}
