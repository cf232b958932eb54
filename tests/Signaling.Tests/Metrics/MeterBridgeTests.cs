using System.Diagnostics.Metrics;
using Api.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Signaling.Tests.Metrics;

/// <summary>
/// The bridge from System.Diagnostics.Metrics to prometheus-net, on a private meter and registry per test, read through
/// prometheus-net's own text exposition (what Prometheus scrapes).
/// </summary>
public sealed class MeterBridgeTests : IDisposable
{
    private static readonly KeyValuePair<string, object?> Rtp = new("kind", "rtp");
    private static readonly KeyValuePair<string, object?> Rtcp = new("kind", "rtcp");

    private readonly Meter _meter = new("Sfu.Test." + Guid.NewGuid().ToString("N"));
    private readonly CollectorRegistry _registry = new();
    private readonly MeterBridge _bridge;

    public MeterBridgeTests()
    {
        _bridge = new MeterBridge(_registry, meter => ReferenceEquals(meter, _meter));
        _registry.AddBeforeCollectCallback(() => _bridge.ObserveNow());
    }

    public void Dispose()
    {
        _bridge.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public async Task CounterMeasurementsAccumulatePerTagSetWhateverTheTagOrder()
    {
        Counter<long> packets = _meter.CreateCounter<long>("test_packets_total", description: "Packets.");

        packets.Add(1, Rtp);
        packets.Add(1, Rtp);
        packets.Add(4, Rtcp);
        packets.Add(10, new KeyValuePair<string, object?>("kind", "video"), new KeyValuePair<string, object?>("dir", "in"));
        packets.Add(5, new KeyValuePair<string, object?>("dir", "in"), new KeyValuePair<string, object?>("kind", "video"));

        string[] lines = await Exposition.ScrapeAsync(_registry);
        Assert.Contains("# HELP test_packets_total Packets.", lines);
        Assert.Contains("# TYPE test_packets_total counter", lines);
        Assert.Equal(2, Exposition.ValueOf(lines, "test_packets_total{kind=\"rtp\"}"));
        Assert.Equal(4, Exposition.ValueOf(lines, "test_packets_total{kind=\"rtcp\"}"));
        // prometheus-net fixes the label names at the first tag set ("kind"): a later "dir" is not exported, "kind" still is.
        Assert.Equal(15, Exposition.ValueOf(lines, "test_packets_total{kind=\"video\"}"));
    }

    [Fact]
    public async Task ALabelMissingFromALaterMeasurementIsExportedEmpty()
    {
        Counter<long> packets = _meter.CreateCounter<long>("test_partial_total");
        packets.Add(2, Rtp);
        packets.Add(3);

        string[] lines = await Exposition.ScrapeAsync(_registry);
        Assert.Equal(2, Exposition.ValueOf(lines, "test_partial_total{kind=\"rtp\"}"));
        Assert.Equal(3, Exposition.ValueOf(lines, "test_partial_total{kind=\"\"}"));
    }

    [Fact]
    public async Task CountsAreCumulativeAcrossScrapesAndNegativeCounterIncrementsAreIgnored()
    {
        Counter<long> packets = _meter.CreateCounter<long>("test_cumulative_total");
        packets.Add(3, Rtp);
        Assert.Equal(3, Exposition.ValueOf(await Exposition.ScrapeAsync(_registry), "test_cumulative_total{kind=\"rtp\"}"));

        packets.Add(2, Rtp);
        packets.Add(-7, Rtp);
        Assert.Equal(5, Exposition.ValueOf(await Exposition.ScrapeAsync(_registry), "test_cumulative_total{kind=\"rtp\"}"));
    }

    [Fact]
    public async Task DoubleCountersAndUpDownCountersAreSummedAndACounterNameGetsTotal()
    {
        Counter<double> seconds = _meter.CreateCounter<double>("test_busy_seconds");
        UpDownCounter<int> open = _meter.CreateUpDownCounter<int>("test_open");
        for (int i = 0; i < 4; i++)
        {
            seconds.Add(0.25);
        }

        open.Add(3);
        open.Add(-1);

        string[] lines = await Exposition.ScrapeAsync(_registry);
        Assert.Equal(1.0, Exposition.ValueOf(lines, "test_busy_seconds_total"));
        Assert.Contains("# TYPE test_open gauge", lines);
        Assert.Equal(2, Exposition.ValueOf(lines, "test_open"));
    }

    [Fact]
    public async Task ObservableInstrumentsAreReadAtEachScrapeAndUnreportedSeriesDisappear()
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

        string[] first = await Exposition.ScrapeAsync(_registry);
        Assert.Equal(1, calls);
        Assert.Equal(1, Exposition.ValueOf(first, "test_rooms"));
        Assert.Contains("# TYPE test_bytes_total counter", first);
        Assert.Equal(7, Exposition.ValueOf(first, "test_bytes_total{kind=\"rtcp\"}"));
        Assert.Equal(-2, Exposition.ValueOf(first, "test_connections"));

        rooms = 4;
        reportRtcp = false;
        string[] second = await Exposition.ScrapeAsync(_registry);
        Assert.Equal(2, calls);
        Assert.Equal(4, Exposition.ValueOf(second, "test_rooms"));
        // An observable counter reports its running total: the value is replaced, not added.
        Assert.Equal(150, Exposition.ValueOf(second, "test_bytes_total{kind=\"rtp\"}"));
        Assert.Null(Exposition.ValueOf(second, "test_bytes_total{kind=\"rtcp\"}"));
    }

    [Fact]
    public async Task FailingObservableCallbackIsReportedAndTheOthersAreStillRead()
    {
        _meter.CreateObservableGauge<int>("test_broken", (Func<int>)(() => throw new InvalidOperationException("broken gauge")));
        _meter.CreateObservableGauge("test_fine", () => 9);
        var errors = new List<Exception>();

        _bridge.ObserveNow(errors.Add);

        Assert.Contains("broken gauge", Assert.Single(errors).ToString());
        Assert.Equal(9, Exposition.ValueOf(await Exposition.ScrapeAsync(_registry), "test_fine"));
    }

    [Fact]
    public async Task HistogramCountsIntoAdvisedBucketsWithSumAndCount()
    {
        Histogram<double> rtt = _meter.CreateHistogram(
            "test_rtt_seconds", unit: "s", description: "RTT.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1] });
        foreach (double value in new[] { 0.005, 0.01, 0.05, 0.5, 3 })
        {
            rtt.Record(value, Rtp);
        }

        string[] lines = await Exposition.ScrapeAsync(_registry);
        Assert.Contains("# TYPE test_rtt_seconds histogram", lines);
        Assert.Equal(2, Exposition.ValueOf(lines, "test_rtt_seconds_bucket{kind=\"rtp\",le=\"0.01\"}"));
        Assert.Equal(3, Exposition.ValueOf(lines, "test_rtt_seconds_bucket{kind=\"rtp\",le=\"0.1\"}"));
        Assert.Equal(4, Exposition.ValueOf(lines, "test_rtt_seconds_bucket{kind=\"rtp\",le=\"1\"}"));
        Assert.Equal(5, Exposition.ValueOf(lines, "test_rtt_seconds_bucket{kind=\"rtp\",le=\"+Inf\"}"));
        Assert.Equal(5, Exposition.ValueOf(lines, "test_rtt_seconds_count{kind=\"rtp\"}"));
        Assert.Equal(3.565, Exposition.ValueOf(lines, "test_rtt_seconds_sum{kind=\"rtp\"}")!.Value, precision: 9);
    }

    [Fact]
    public async Task HistogramWithoutAdviceUsesTheDefaultBuckets()
    {
        _meter.CreateHistogram<long>("test_sizes").Record(7);

        string[] lines = await Exposition.ScrapeAsync(_registry);
        Assert.Equal(0, Exposition.ValueOf(lines, "test_sizes_bucket{le=\"5\"}"));
        Assert.Equal(1, Exposition.ValueOf(lines, "test_sizes_bucket{le=\"10\"}"));
        Assert.Equal(1, Exposition.ValueOf(lines, "test_sizes_count"));
    }

    [Fact]
    public async Task ConcurrentMeasurementsAreAllCounted()
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

        string[] lines = await Exposition.ScrapeAsync(_registry);
        Assert.Equal(50_000, Exposition.ValueOf(lines, "test_concurrent_total{kind=\"rtp\"}"));
        Assert.Equal(50_000, Exposition.ValueOf(lines, "test_concurrent_total{kind=\"rtcp\"}"));
        Assert.Equal(50_000, Exposition.ValueOf(lines, "test_concurrent_bytes_total"));
    }

    [Fact]
    public async Task TheEnginesTrafficCountersAreReadAtScrapeTimeAsCountersByKind()
    {
        var registry = new CollectorRegistry();
        using var bridge = new MeterBridge(registry, meter => meter.Name == Sfu.Diagnostics.SfuMetrics.MeterName);
        registry.AddBeforeCollectCallback(() => bridge.ObserveNow());
        Sfu.Diagnostics.SfuMetrics.CountDrop(Sfu.Diagnostics.DropReason.Padding); // a registry that already exports something, as a host's does
        string[] first = await Exposition.ScrapeAsync(registry);
        Sfu.Diagnostics.SfuMetrics.CountSent(rtcp: true, bytes: 90);
        Sfu.Diagnostics.SfuMetrics.CountSent(rtcp: false, bytes: 1210);

        string[] lines = await Exposition.ScrapeAsync(registry);
        Assert.Contains("# TYPE sfu_packets_sent_total counter", lines);
        Assert.Contains("# TYPE sfu_received_bytes_total counter", lines);
        Assert.True(Exposition.ValueOf(lines, "sfu_packets_sent_total{kind=\"rtcp\"}") >= Exposition.ValueOf(first, "sfu_packets_sent_total{kind=\"rtcp\"}") + 1);
        Assert.True(Exposition.ValueOf(lines, "sfu_sent_bytes_total{kind=\"rtp\"}") >= Exposition.ValueOf(first, "sfu_sent_bytes_total{kind=\"rtp\"}") + 1210);
    }

    [Fact]
    public async Task MeasurementsOnAKnownTagSetAllocateNothing()
    {
        Counter<long> packets = _meter.CreateCounter<long>("test_alloc_total");
        Histogram<double> latency = _meter.CreateHistogram<double>("test_alloc_seconds");
        KeyValuePair<string, object?>[] equalButNotTheSameArray = [new("kind", "rtp")];
        for (int i = 0; i < 1_000; i++)
        {
            packets.Add(1, Rtp);
            packets.Add(1, equalButNotTheSameArray);
            latency.Record(0.001);
        }

        // Steady state allocates nothing. One pass of three may see the runtime's own one-off work on this thread (the
        // JIT's tier-up of this very loop, on-stack replacement): the smallest of three passes is what counting costs.
        long allocated = long.MaxValue;
        for (int pass = 0; pass < 3 && allocated > 0; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                packets.Add(1, Rtp);
                packets.Add(1, equalButNotTheSameArray);
                latency.Record(0.001);
            }

            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, allocated);
        double? counted = Exposition.ValueOf(await Exposition.ScrapeAsync(_registry), "test_alloc_total{kind=\"rtp\"}");
        Assert.True(counted is 22_000 or 42_000 or 62_000, $"{counted} counted"); // 2,000 warm-up plus 20,000 a pass
    }

    [Fact]
    public async Task HostScopedBridgeTakesStaticAndItsOwnHostsSfuMetersButNotOtherHostsOrOtherNames()
    {
        using ServiceProvider host = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using ServiceProvider otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
        string suffix = Guid.NewGuid().ToString("N");
        var registry = new CollectorRegistry();
        using var bridge = new MeterBridge(registry, host.GetRequiredService<IMeterFactory>());

        host.GetRequiredService<IMeterFactory>().Create("Sfu.Test.Own").CreateCounter<long>("test_own_" + suffix).Add(1);
        otherHost.GetRequiredService<IMeterFactory>().Create("Sfu.Test.Own").CreateCounter<long>("test_other_host_" + suffix).Add(1);
        _meter.CreateCounter<long>("test_static_" + suffix).Add(1);
        using var foreign = new Meter("NotSfu.Test");
        foreign.CreateCounter<long>("test_foreign_" + suffix).Add(1);

        string[] lines = await Exposition.ScrapeAsync(registry);

        Assert.Equal(1, Exposition.ValueOf(lines, "test_own_" + suffix + "_total"));
        Assert.Equal(1, Exposition.ValueOf(lines, "test_static_" + suffix + "_total"));
        Assert.DoesNotContain(lines, l => l.Contains("test_other_host_" + suffix, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("test_foreign_" + suffix, StringComparison.Ordinal));
    }
}
