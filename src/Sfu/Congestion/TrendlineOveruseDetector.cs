namespace Sfu.Congestion;

/// <summary>
/// The delay-based overuse detector of Google Congestion Control (draft-ietf-rmcat-gcc-02 sections 5.3-5.4, as
/// libwebrtc's trendline estimator does it): the one-way delay variation between packet groups is accumulated and
/// smoothed, a least-squares line through the last <see cref="WindowSize"/> points gives the delay trend, and the
/// trend (scaled by how many deltas were seen) is compared with an adaptive threshold. The threshold follows the
/// signal slowly so that competing TCP-like flows or a noisy path do not starve the stream (section 5.4, eq. 6).
/// No allocation after construction; times in milliseconds as doubles.
/// </summary>
public sealed class TrendlineOveruseDetector
{
    public const int WindowSize = 20;
    private const double SmoothingCoefficient = 0.9;
    private const double ThresholdGain = 4.0;
    private const int MaxDeltasCounted = 60;
    private const double OveruseTimeThresholdMs = 10;
    private const double ThresholdUpGain = 0.0087;
    private const double ThresholdDownGain = 0.039;
    private const double MinThreshold = 6;
    private const double MaxThreshold = 600;
    private const double MaxThresholdStepMs = 100;

    private readonly double[] _times = new double[WindowSize];
    private readonly double[] _delays = new double[WindowSize];
    private int _count;
    private int _next;
    private int _deltas;
    private double _firstArrivalMs = double.NaN;
    private double _accumulatedDelay;
    private double _smoothedDelay;
    private double _previousTrend;
    private double _threshold = 12.5;
    private double _lastThresholdUpdateMs = double.NaN;
    private double _timeOverusing = -1;
    private int _overuseCount;

    public BandwidthUsage State { get; private set; } = BandwidthUsage.Normal;

    /// <summary>The adaptive threshold γ (section 5.4), exposed for tests.</summary>
    public double Threshold => _threshold;

    /// <summary>The last delay slope (ms of queuing growth per ms).</summary>
    public double Trend => _previousTrend;

    /// <summary>Adds the delay variation between two packet groups and returns the updated state.</summary>
    public BandwidthUsage Update(double sendDeltaMs, double arrivalDeltaMs, double arrivalMs)
    {
        if (!double.IsFinite(sendDeltaMs) || !double.IsFinite(arrivalDeltaMs) || !double.IsFinite(arrivalMs))
        {
            return State;
        }

        double delta = arrivalDeltaMs - sendDeltaMs;
        _deltas = Math.Min(_deltas + 1, MaxDeltasCounted);
        if (double.IsNaN(_firstArrivalMs))
        {
            _firstArrivalMs = arrivalMs;
        }

        _accumulatedDelay += delta;
        _smoothedDelay = (SmoothingCoefficient * _smoothedDelay) + ((1 - SmoothingCoefficient) * _accumulatedDelay);
        _times[_next] = arrivalMs - _firstArrivalMs;
        _delays[_next] = _smoothedDelay;
        _next = (_next + 1) % WindowSize;
        _count = Math.Min(_count + 1, WindowSize);

        double trend = _previousTrend;
        if (_count == WindowSize && TryFitSlope(out double slope))
        {
            trend = slope;
        }

        Detect(trend, sendDeltaMs, arrivalMs);
        return State;
    }

    /// <summary>Least-squares slope of delay over time across the window; false when all times are equal.</summary>
    private bool TryFitSlope(out double slope)
    {
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < WindowSize; i++)
        {
            meanX += _times[i];
            meanY += _delays[i];
        }

        meanX /= WindowSize;
        meanY /= WindowSize;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < WindowSize; i++)
        {
            double dx = _times[i] - meanX;
            numerator += dx * (_delays[i] - meanY);
            denominator += dx * dx;
        }

        slope = denominator > 0 ? numerator / denominator : 0;
        return denominator > 0 && double.IsFinite(slope);
    }

    private void Detect(double trend, double sendDeltaMs, double nowMs)
    {
        double modifiedTrend = Math.Min(_deltas, MaxDeltasCounted) * trend * ThresholdGain;
        if (modifiedTrend > _threshold)
        {
            // Overuse must last (and keep growing) before it counts: one late group is jitter, not a queue.
            _timeOverusing = _timeOverusing < 0 ? sendDeltaMs / 2 : _timeOverusing + sendDeltaMs;
            _overuseCount++;
            if (_timeOverusing > OveruseTimeThresholdMs && _overuseCount > 1 && trend >= _previousTrend)
            {
                _timeOverusing = 0;
                _overuseCount = 0;
                State = BandwidthUsage.Overusing;
            }
        }
        else if (modifiedTrend < -_threshold)
        {
            _timeOverusing = -1;
            _overuseCount = 0;
            State = BandwidthUsage.Underusing;
        }
        else
        {
            _timeOverusing = -1;
            _overuseCount = 0;
            State = BandwidthUsage.Normal;
        }

        _previousTrend = trend;
        UpdateThreshold(modifiedTrend, nowMs);
    }

    /// <summary>γ(i) = γ(i-1) + Δt · k · (|m(i)| - γ(i-1)), with k_u for a signal above γ and k_d below (eq. 6).</summary>
    private void UpdateThreshold(double modifiedTrend, double nowMs)
    {
        if (double.IsNaN(_lastThresholdUpdateMs))
        {
            _lastThresholdUpdateMs = nowMs;
        }

        double magnitude = Math.Abs(modifiedTrend);
        if (magnitude > _threshold + 15)
        {
            // A spike (a route change, a paused tab) is not a reason to raise the bar for everything after it.
            _lastThresholdUpdateMs = nowMs;
            return;
        }

        double k = magnitude < _threshold ? ThresholdDownGain : ThresholdUpGain;
        double elapsed = Math.Clamp(nowMs - _lastThresholdUpdateMs, 0, MaxThresholdStepMs);
        _threshold = Math.Clamp(_threshold + (k * (magnitude - _threshold) * elapsed), MinThreshold, MaxThreshold);
        _lastThresholdUpdateMs = nowMs;
    }
}
