using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Api.Metrics;

/// <summary>
/// Listens to the engine's <see cref="Meter"/>s ("Sfu" and every meter whose name starts with "Sfu") and keeps
/// cumulative values per instrument and tag set, for <see cref="PrometheusTextWriter"/> to expose. Listening
/// starts in the constructor, so counters include everything measured from then on, not from the first scrape.
/// </summary>
public sealed class MeterCollector : IDisposable
{
    public const string MeterPrefix = "Sfu";

    /// <summary>The client libraries' default buckets: histograms here are latencies in seconds (<c>_seconds</c>).</summary>
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener;
    private readonly Func<Meter, bool> _accepts;
    private readonly ConcurrentDictionary<string, InstrumentState> _byName = new(StringComparer.Ordinal);
    private readonly ScrapeClock _clock = new();
    private readonly Lock _scrape = new();

    /// <summary>
    /// Collects the "Sfu*" meters that belong to no DI container (static ones such as <c>SfuMetrics.Meter</c>) and
    /// those created by <paramref name="scope"/>, the host's <see cref="IMeterFactory"/>; meters of other hosts in the
    /// same process (tests run several) stay out.
    /// </summary>
    public MeterCollector(IMeterFactory? scope)
        : this(meter => meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal) && (meter.Scope is null || ReferenceEquals(meter.Scope, scope)))
    {
    }

    public MeterCollector(Func<Meter, bool> accepts)
    {
        _accepts = accepts;
        _listener = new MeterListener { InstrumentPublished = OnInstrumentPublished };
        // The state passed to EnableMeasurementEvents comes back with every measurement: no closure, no lookup by instrument.
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>
    /// Reads observable instruments (their callbacks run now, on this thread) and returns every family. Scrapes are
    /// serialized so that concurrent ones cannot interleave their observations.
    /// </summary>
    /// <param name="onCallbackError">Told when an observable callback threw; the other instruments are still returned.</param>
    public IReadOnlyList<MetricFamily> Collect(Action<Exception>? onCallbackError = null)
    {
        lock (_scrape)
        {
            long generation = _clock.Advance();
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (Exception e)
            {
                // The listener runs every callback and then throws what failed; one bad gauge must not fail the scrape.
                onCallbackError?.Invoke(e);
            }

            var families = new List<MetricFamily>(_byName.Count);
            foreach (InstrumentState state in _byName.Values)
            {
                families.Add(state.Snapshot(generation));
            }

            return families;
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_accepts(instrument.Meter) || !TryDescribe(instrument, out MetricType type, out Aggregation aggregation))
        {
            return;
        }

        string name = PrometheusNames.ForMetric(instrument.Name, type);
        bool observable = instrument.IsObservable;
        InstrumentState state = _byName.GetOrAdd(name, _ => new InstrumentState(
            name, instrument.Description ?? string.Empty, type, aggregation, observable, aggregation == Aggregation.Histogram ? BucketsOf(instrument) : null, _clock));
        // The same name from a second meter (or a meter created again) shares the state when it is the same kind of
        // instrument, so its values add up under one name; a different kind under a taken name is not exposed.
        if (state.Type == type && state.Aggregation == aggregation && state.Observable == observable)
        {
            listener.EnableMeasurementEvents(instrument, state);
        }
    }

    private static bool TryDescribe(Instrument instrument, out MetricType type, out Aggregation aggregation)
    {
        Type? definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
        (MetricType, Aggregation)? kind =
            definition == typeof(Counter<>) ? (MetricType.Counter, Aggregation.Sum)
            : definition == typeof(UpDownCounter<>) ? (MetricType.Gauge, Aggregation.Sum)
            : definition == typeof(Histogram<>) ? (MetricType.Histogram, Aggregation.Histogram)
            : definition == typeof(Gauge<>) ? (MetricType.Gauge, Aggregation.LastValue)
            // Observable counters report their running total, not increments: it is kept as a last value.
            : definition == typeof(ObservableCounter<>) ? (MetricType.Counter, Aggregation.LastValue)
            : definition == typeof(ObservableUpDownCounter<>) ? (MetricType.Gauge, Aggregation.LastValue)
            : definition == typeof(ObservableGauge<>) ? (MetricType.Gauge, Aggregation.LastValue)
            : null;
        (type, aggregation) = kind.GetValueOrDefault();
        return kind.HasValue;
    }

    /// <summary>The instrument's advised bucket boundaries (<c>InstrumentAdvice</c>) when it gives them, else <see cref="DefaultBuckets"/>.</summary>
    private static double[] BucketsOf(Instrument instrument)
    {
        IEnumerable<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            _ => null,
        };
        double[] bounds = advised?.Where(b => !double.IsNaN(b) && !double.IsPositiveInfinity(b)).Distinct().Order().ToArray() ?? [];
        return bounds.Length > 0 ? bounds : DefaultBuckets;
    }
}
