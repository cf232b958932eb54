using System.Diagnostics.Metrics;
using Api.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Signaling.Tests.Metrics;

/// <summary>The collector on a private meter per test (its own name), so tests running in parallel cannot see each other's values.</summary>
public sealed class MeterCollectorTests : IDisposable
{
    private static readonly KeyValuePair<string, object?> Rtp = new("kind", "rtp");
    private static readonly KeyValuePair<string, object?> Rtcp = new("kind", "rtcp");

    private readonly Meter _meter = new("Sfu.Test." + Guid.NewGuid().ToString("N"));
    private readonly MeterCollector _collector;

    public MeterCollectorTests()
    {
        _collector = new MeterCollector(meter => ReferenceEquals(meter, _meter));
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void CounterMeasurementsAccumulatePerTagSetWhateverTheTagOrder()
    {
        Counter<long> packets = _meter.CreateCounter<long>("test_packets_total", description: "Packets.");

        packets.Add(1, Rtp);
        packets.Add(1, Rtp);
        packets.Add(4, Rtcp);
        packets.Add(10, new KeyValuePair<string, object?>("kind", "rtp"), new KeyValuePair<string, object?>("dir", "in"));
        packets.Add(5, new KeyValuePair<string, object?>("dir", "in"), new KeyValuePair<string, object?>("kind", "rtp"));
        packets.Add(100);

        MetricFamily family = Family("test_packets_total");
        Assert.Equal(MetricType.Counter, family.Type);
        Assert.Equal("Packets.", family.Help);
        Assert.Equal(2, ValueOf(family, ("kind", "rtp")));
        Assert.Equal(4, ValueOf(family, ("kind", "rtcp")));
        Assert.Equal(15, ValueOf(family, ("dir", "in"), ("kind", "rtp")));
        Assert.Equal(100, ValueOf(family));
        Assert.Equal(4, family.Samples.Count);
    }

    [Fact]
    public void CountsAreCumulativeAcrossScrapes()
    {
        Counter<long> packets = _meter.CreateCounter<long>("test_cumulative_total");
        packets.Add(3, Rtp);
        Assert.Equal(3, ValueOf(Family("test_cumulative_total"), ("kind", "rtp")));

        packets.Add(2, Rtp);
        Assert.Equal(5, ValueOf(Family("test_cumulative_total"), ("kind", "rtp")));
    }

    [Fact]
    public void DoubleCountersAndUpDownCountersAreSummedAndACounterNameGetsTotal()
    {
        Counter<double> seconds = _meter.CreateCounter<double>("test_busy_seconds");
        UpDownCounter<int> open = _meter.CreateUpDownCounter<int>("test_open");
        for (int i = 0; i < 4; i++)
        {
            seconds.Add(0.25);
        }

        open.Add(3);
        open.Add(-1);

        Assert.Equal(1.0, ValueOf(Family("test_busy_seconds_total")));
        MetricFamily gauge = Family("test_open");
        Assert.Equal(MetricType.Gauge, gauge.Type);
        Assert.Equal(2, ValueOf(gauge));
    }

    [Fact]
    public void ObservableInstrumentsAreReadAtEachScrapeAndUnreportedSeriesDisappear()
    {
        int rooms = 1;
        int calls = 0;
        bool reportRtcp = true;
        _meter.CreateObservableGauge("test_rooms", () => { calls++; return rooms; }, description: "Rooms.");
        _meter.CreateObservableCounter("test_bytes_total", () => reportRtcp
            ? new[] { new Measurement<long>(100, Rtp), new Measurement<long>(7, Rtcp) }
            : [new Measurement<long>(150, Rtp)]);
        _meter.CreateObservableUpDownCounter("test_connections", () => -2);
        Assert.Equal(0, calls);

        IReadOnlyList<MetricFamily> first = _collector.Collect();
        Assert.Equal(1, calls);
        Assert.Equal(1, ValueOf(Family(first, "test_rooms")));
        Assert.Equal(MetricType.Gauge, Family(first, "test_rooms").Type);
        Assert.Equal(MetricType.Counter, Family(first, "test_bytes_total").Type);
        Assert.Equal(7, ValueOf(Family(first, "test_bytes_total"), ("kind", "rtcp")));
        Assert.Equal(MetricType.Gauge, Family(first, "test_connections").Type);
        Assert.Equal(-2, ValueOf(Family(first, "test_connections")));

        rooms = 4;
        reportRtcp = false;
        IReadOnlyList<MetricFamily> second = _collector.Collect();
        Assert.Equal(2, calls);
        Assert.Equal(4, ValueOf(Family(second, "test_rooms")));
        // An observable counter reports its running total: the value is replaced, not added.
        Assert.Equal(150, ValueOf(Family(second, "test_bytes_total"), ("kind", "rtp")));
        Assert.Single(Family(second, "test_bytes_total").Samples);
    }

    [Fact]
    public void FailingObservableCallbackIsReportedAndTheOthersAreStillRead()
    {
        _meter.CreateObservableGauge<int>("test_broken", (Func<int>)(() => throw new InvalidOperationException("broken gauge")));
        _meter.CreateObservableGauge("test_fine", () => 9);
        var errors = new List<Exception>();

        IReadOnlyList<MetricFamily> families = _collector.Collect(errors.Add);

        Assert.Contains("broken gauge", Assert.Single(errors).ToString());
        Assert.Equal(9, ValueOf(Family(families, "test_fine")));
        Assert.Empty(Family(families, "test_broken").Samples);
    }

    [Fact]
    public void HistogramCountsIntoAdvisedBucketsWithSumAndCount()
    {
        Histogram<double> rtt = _meter.CreateHistogram(
            "test_rtt_seconds", unit: "s", description: "RTT.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1] });
        foreach (double value in new[] { 0.005, 0.01, 0.05, 0.5, 3 })
        {
            rtt.Record(value, Rtp);
        }

        MetricFamily family = Family("test_rtt_seconds");
        Assert.Equal(MetricType.Histogram, family.Type);
        HistogramValue histogram = Assert.Single(family.Samples).Histogram!;
        Assert.Equal([0.01, 0.1, 1], histogram.UpperBounds);
        Assert.Equal([2L, 3, 4, 5], histogram.CumulativeCounts);
        Assert.Equal(5, histogram.Count);
        Assert.Equal(3.565, histogram.Sum, precision: 9);
    }

    [Fact]
    public void HistogramWithoutAdviceUsesTheDefaultBuckets()
    {
        _meter.CreateHistogram<long>("test_sizes").Record(7);

        HistogramValue histogram = Assert.Single(Family("test_sizes").Samples).Histogram!;
        Assert.Equal(11, histogram.UpperBounds.Count);
        Assert.Equal(10, histogram.UpperBounds[^1]);
        Assert.Equal(1, histogram.Count);
        Assert.Equal(0, histogram.CumulativeCounts[^3]); // le="5"
        Assert.Equal(1, histogram.CumulativeCounts[^2]); // le="10"
    }

    [Fact]
    public void ConcurrentMeasurementsAreAllCounted()
    {
        Counter<long> packets = _meter.CreateCounter<long>("test_concurrent_total");
        Counter<double> bytes = _meter.CreateCounter<double>("test_concurrent_bytes_total");

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (int i = 0; i < 25_000; i++)
            {
                packets.Add(1, i % 2 == 0 ? Rtp : Rtcp);
                bytes.Add(0.5);
            }
        });

        MetricFamily family = Family("test_concurrent_total");
        Assert.Equal(50_000, ValueOf(family, ("kind", "rtp")));
        Assert.Equal(50_000, ValueOf(family, ("kind", "rtcp")));
        Assert.Equal(50_000, ValueOf(Family("test_concurrent_bytes_total")));
    }

    [Fact]
    public void MeasurementsOnAKnownTagSetAllocateNothing()
    {
        Counter<long> packets = _meter.CreateCounter<long>("test_alloc_total");
        KeyValuePair<string, object?>[] equalButNotTheSameArray = [new("kind", "rtp")];
        for (int i = 0; i < 1_000; i++)
        {
            packets.Add(1, Rtp);
            packets.Add(1, equalButNotTheSameArray);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            packets.Add(1, Rtp);
            packets.Add(1, equalButNotTheSameArray);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(22_000, ValueOf(Family("test_alloc_total"), ("kind", "rtp")));
    }

    [Fact]
    public void HostScopedCollectorTakesStaticAndItsOwnHostsSfuMetersButNotOtherHostsOrOtherNames()
    {
        using ServiceProvider host = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using ServiceProvider otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
        string suffix = Guid.NewGuid().ToString("N");
        using var collector = new MeterCollector(host.GetRequiredService<IMeterFactory>());

        host.GetRequiredService<IMeterFactory>().Create("Sfu.Test.Own").CreateCounter<long>("test_own_" + suffix).Add(1);
        otherHost.GetRequiredService<IMeterFactory>().Create("Sfu.Test.Own").CreateCounter<long>("test_other_host_" + suffix).Add(1);
        _meter.CreateCounter<long>("test_static_" + suffix).Add(1);
        using var foreign = new Meter("NotSfu.Test");
        foreign.CreateCounter<long>("test_foreign_" + suffix).Add(1);

        IReadOnlyList<MetricFamily> families = collector.Collect();

        Assert.Equal(1, ValueOf(Family(families, "test_own_" + suffix + "_total")));
        Assert.Equal(1, ValueOf(Family(families, "test_static_" + suffix + "_total")));
        Assert.DoesNotContain(families, f => f.Name.Contains("test_other_host_" + suffix, StringComparison.Ordinal));
        Assert.DoesNotContain(families, f => f.Name.Contains("test_foreign_" + suffix, StringComparison.Ordinal));
    }

    private MetricFamily Family(string name) => Family(_collector.Collect(), name);

    private static MetricFamily Family(IReadOnlyList<MetricFamily> families, string name) =>
        Assert.Single(families, f => f.Name == name);

    private static double ValueOf(MetricFamily family, params (string Name, string Value)[] labels)
    {
        MetricSample sample = Assert.Single(family.Samples, s =>
            s.Labels.Count == labels.Length && labels.All(l => s.Labels.Contains(new KeyValuePair<string, string>(l.Name, l.Value))));
        return sample.Value;
    }
}
