using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace Api.Metrics;

/// <summary>
/// Exports the engine's and signaling's <see cref="Meter"/>s ("Sfu" and every meter whose name starts with "Sfu") through
/// prometheus-net, so src/Sfu keeps no Prometheus dependency. A <see cref="MeterListener"/> turns each measurement
/// into an update of a prometheus-net child (lock-free, allocation-free after a series' first measurement); observable
/// instruments are read before each scrape. Listening starts in the constructor, so counters include everything
/// measured from then on, not from the first scrape.
/// </summary>
public sealed class MeterBridge : IDisposable
{
    public const string MeterPrefix = "Sfu";

    /// <summary>The client libraries' default buckets, for a histogram that advises none (latencies in seconds).</summary>
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener;
    private readonly Func<Meter, bool> _accepts;
    private readonly IMetricFactory _factory;
    private readonly ConcurrentDictionary<string, InstrumentBridge> _byName = new(StringComparer.Ordinal);
    private readonly ScrapeClock _clock = new();
    private readonly Lock _scrape = new();

    /// <summary>
    /// Exports into <paramref name="registry"/> the "Sfu*" meters that belong to no DI container (static ones such as
    /// <c>SfuMetrics.Meter</c>) and those created by <paramref name="scope"/>, the host's <see cref="IMeterFactory"/>;
    /// meters of other hosts in the same process (tests run several) stay out.
    /// </summary>
    public MeterBridge(CollectorRegistry registry, IMeterFactory? scope)
        : this(registry, meter => meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal) && (meter.Scope is null || ReferenceEquals(meter.Scope, scope)))
    {
    }

    public MeterBridge(CollectorRegistry registry, Func<Meter, bool> accepts)
    {
        _accepts = accepts;
        _factory = Prometheus.Metrics.WithCustomRegistry(registry);
        // Exemplars would read Activity.Current on every increment: the media thread has none, and it costs.
        _factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        _listener = new MeterListener { InstrumentPublished = OnInstrumentPublished };
        // The state passed to EnableMeasurementEvents comes back with every measurement: no closure, no lookup by instrument.
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentBridge)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentBridge)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentBridge)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentBridge)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentBridge)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentBridge)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentBridge)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>
    /// Reads the observable instruments (their callbacks run now, on the scraping thread) and drops the series they no
    /// longer report. Scrapes are serialized so that concurrent ones cannot interleave their observations.
    /// </summary>
    /// <param name="onCallbackError">Told when an observable callback threw; the other instruments are still read.</param>
    public void ObserveNow(Action<Exception>? onCallbackError = null)
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

            foreach (InstrumentBridge bridge in _byName.Values)
            {
                if (bridge.Observable)
                {
                    bridge.RemoveUnreported(generation);
                }
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_accepts(instrument.Meter) || !TryDescribe(instrument, out BridgeKind kind))
        {
            return;
        }

        bool counter = kind is BridgeKind.CounterIncrement or BridgeKind.CounterTotal;
        string name = PrometheusNames.ForMetric(instrument.Name, counter);
        bool observable = instrument.IsObservable;
        InstrumentBridge bridge = _byName.GetOrAdd(name, _ => new InstrumentBridge(
            _factory, name, instrument.Description ?? string.Empty, kind, observable, kind == BridgeKind.Histogram ? BucketsOf(instrument) : [], _clock));
        // The same name from a second meter (or a meter created again) shares the series when it is the same kind of
        // instrument, so its values add up under one name; a different kind under a taken name is not exported.
        if (bridge.Kind == kind && bridge.Observable == observable)
        {
            listener.EnableMeasurementEvents(instrument, bridge);
        }
    }

    private static bool TryDescribe(Instrument instrument, out BridgeKind kind)
    {
        Type? definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
        BridgeKind? described =
            definition == typeof(Counter<>) ? BridgeKind.CounterIncrement
            : definition == typeof(UpDownCounter<>) ? BridgeKind.GaugeIncrement
            : definition == typeof(Histogram<>) ? BridgeKind.Histogram
            : definition == typeof(Gauge<>) ? BridgeKind.GaugeValue
            : definition == typeof(ObservableCounter<>) ? BridgeKind.CounterTotal
            : definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) ? BridgeKind.GaugeValue
            : null;
        kind = described.GetValueOrDefault();
        return described.HasValue;
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
