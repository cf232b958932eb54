namespace Sfu.Congestion;

/// <summary>
/// The acknowledged bitrate at which the delay-based controller last saw overuse, smoothed with its spread
/// (libwebrtc's link capacity estimator): near it the rate grows additively, far above it the capacity is forgotten.
/// </summary>
internal sealed class LinkCapacityEstimate
{
    private const double Smoothing = 0.05;
    private double _average = double.NaN;
    private double _variance;

    public bool IsKnown => !double.IsNaN(_average);

    public double Average => IsKnown ? _average : 0;

    /// <summary>True when <paramref name="bitrate"/> is beyond three deviations (at least 10 %) above the average.</summary>
    public bool IsAbove(long bitrate) => IsKnown && bitrate > _average + Spread();

    public void OnOveruse(long bitrate)
    {
        if (IsKnown && Math.Abs(bitrate - _average) > Spread())
        {
            Reset();
        }

        if (!IsKnown)
        {
            _average = bitrate;
            _variance = 0;
            return;
        }

        double error = bitrate - _average;
        _average += Smoothing * error;
        _variance = ((1 - Smoothing) * _variance) + (Smoothing * error * error);
    }

    public void Reset()
    {
        _average = double.NaN;
        _variance = 0;
    }

    private double Spread() => Math.Max(3 * Math.Sqrt(_variance), 0.1 * _average);
}
