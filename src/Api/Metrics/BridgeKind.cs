namespace Api.Metrics;

/// <summary>How a System.Diagnostics.Metrics instrument's measurements land in its prometheus-net metric.</summary>
internal enum BridgeKind
{
    /// <summary>Counter: a measurement is an increment of a Prometheus counter.</summary>
    CounterIncrement,

    /// <summary>ObservableCounter: a measurement is the running total, so the counter is raised to it.</summary>
    CounterTotal,

    /// <summary>UpDownCounter: a measurement is a (possibly negative) increment of a gauge.</summary>
    GaugeIncrement,

    /// <summary>Gauge and the observable gauges: a measurement is the current value.</summary>
    GaugeValue,

    /// <summary>Histogram: a measurement is one observation.</summary>
    Histogram,
}
