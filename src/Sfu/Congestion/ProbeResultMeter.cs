namespace Sfu.Congestion;

/// <summary>
/// Measures what one probe cluster proved (libwebrtc's probe bitrate estimator): the rate its packets left at and the
/// rate they arrived at, each over the span between the first and last packet (excluding the last packet's bytes for
/// sending and the first's for receiving, since a span of n packets covers n - 1 gaps). The result is the smaller
/// of the two: a link that carries the probe delivers it as fast as it was sent. Enough packets must arrive
/// (<see cref="MinReceivedFraction"/>) or the probe failed.
/// </summary>
public sealed class ProbeResultMeter
{
    public const double MinReceivedFraction = 0.8;

    /// <summary>A probe whose feedback has not come within this long failed.</summary>
    public const long TimeoutMicros = 1_500_000;

    private int _cluster;
    private int _planned;
    private long _startMicros;
    private int _received;
    private long _bytes;
    private long _firstSend;
    private long _lastSend;
    private int _lastSendSize;
    private long _firstArrival;
    private long _lastArrival;
    private int _firstArrivalSize;

    public void Begin(int cluster, int plannedPackets, long nowMicros)
    {
        _cluster = cluster;
        _planned = plannedPackets;
        _startMicros = nowMicros;
        _received = 0;
        _bytes = 0;
        _firstSend = long.MaxValue;
        _lastSend = long.MinValue;
        _firstArrival = long.MaxValue;
        _lastArrival = long.MinValue;
    }

    /// <summary>A packet of the cluster was reported received.</summary>
    public void OnReceived(int cluster, long sendMicros, long arrivalMicros, int size)
    {
        if (cluster != _cluster || _cluster == 0)
        {
            return;
        }

        _received++;
        _bytes += size;
        if (sendMicros < _firstSend)
        {
            _firstSend = sendMicros;
        }

        if (sendMicros >= _lastSend)
        {
            _lastSend = sendMicros;
            _lastSendSize = size;
        }

        if (arrivalMicros < _firstArrival)
        {
            _firstArrival = arrivalMicros;
            _firstArrivalSize = size;
        }

        _lastArrival = Math.Max(_lastArrival, arrivalMicros);
    }

    /// <summary>
    /// True once the cluster is decided: <paramref name="bitrate"/> is what it proved, or 0 when it failed (too few
    /// packets arrived before the timeout, or its spans are too short to measure).
    /// </summary>
    public bool TryComplete(long nowMicros, out long bitrate)
    {
        bitrate = 0;
        if (_cluster == 0)
        {
            return false;
        }

        bool enough = _received >= Math.Max(2, (int)Math.Ceiling(_planned * MinReceivedFraction));
        if (!enough && nowMicros - _startMicros < TimeoutMicros)
        {
            return false;
        }

        _cluster = 0;
        long sendSpan = _lastSend - _firstSend;
        long arrivalSpan = _lastArrival - _firstArrival;
        if (!enough || sendSpan <= 1000 || arrivalSpan <= 0)
        {
            return true;
        }

        long sendRate = (_bytes - _lastSendSize) * 8 * 1_000_000 / sendSpan;
        long arrivalRate = (_bytes - _firstArrivalSize) * 8 * 1_000_000 / Math.Max(arrivalSpan, 1000);
        bitrate = Math.Max(0, Math.Min(sendRate, arrivalRate));
        return true;
    }
}
