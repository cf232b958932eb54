using System.Diagnostics;

namespace Sfu.Client;

/// <summary>
/// Forward latencies (publisher's send stamp to subscriber's receipt) in fixed 20 µs buckets up to 200 ms, plus one
/// bucket for everything later: recording is an array increment, so a receive thread can do it per packet, and
/// histograms of many peers merge by adding buckets. Not thread-safe; its owner guards it.
/// </summary>
public sealed class LatencyHistogram
{
    public const int BucketMicroseconds = 20;
    public const int Buckets = 10_000;

    private readonly long[] _counts = new long[Buckets + 1];

    public long Count { get; private set; }

    /// <summary>Records a latency given in <see cref="Stopwatch"/> ticks; negative values (clock skew) count as 0.</summary>
    public void Record(long stopwatchTicks)
    {
        long microseconds = Math.Max(0, stopwatchTicks) * 1_000_000 / Stopwatch.Frequency;
        _counts[(int)Math.Min(Buckets, microseconds / BucketMicroseconds)]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i <= Buckets; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    /// <summary>The upper edge of the bucket holding quantile <paramref name="q"/> (0..1), in microseconds; 0 when empty.</summary>
    public double QuantileMicroseconds(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (int i = 0; i <= Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return (i + 1) * (double)BucketMicroseconds;
            }
        }

        return (Buckets + 1) * (double)BucketMicroseconds;
    }
}
