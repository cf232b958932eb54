namespace Sfu.Congestion;

/// <summary>
/// How fast the subscriber actually received: the bytes of packets it reported received whose arrival falls in the
/// last <see cref="WindowMicros"/>, over that window (libwebrtc's acknowledged bitrate, the "measured" rate the
/// delay-based decrease scales from). A ring of arrivals with a running sum; no allocation after construction.
/// </summary>
public sealed class AcknowledgedBitrateEstimator
{
    public const long WindowMicros = 500_000;

    /// <summary>Below this much arrival history the rate is not reported: a few packets say nothing about a rate.</summary>
    public const long MinSpanMicros = 150_000;

    private const int Capacity = 8192;
    private readonly long[] _arrivals = new long[Capacity];
    private readonly int[] _sizes = new int[Capacity];
    private int _head;
    private int _count;
    private long _bytes;
    private long _latest = long.MinValue;
    private long _first = long.MinValue;

    /// <summary>A packet of <paramref name="size"/> bytes arrived at <paramref name="arrivalMicros"/> (receiver clock).</summary>
    public void OnAcknowledged(long arrivalMicros, int size)
    {
        if (_first == long.MinValue || Math.Abs(arrivalMicros - _latest) > 10 * WindowMicros)
        {
            // First packet, or the receiver's clock jumped (a wrapped reference time): start over.
            _head = 0;
            _count = 0;
            _bytes = 0;
            _first = arrivalMicros;
            _latest = arrivalMicros;
        }

        _latest = Math.Max(_latest, arrivalMicros);
        if (_count == Capacity)
        {
            RemoveOldest();
        }

        int slot = (_head + _count) % Capacity;
        _arrivals[slot] = arrivalMicros;
        _sizes[slot] = size;
        _count++;
        _bytes += size;
        while (_count > 0 && _arrivals[_head] <= _latest - WindowMicros)
        {
            RemoveOldest();
        }
    }

    /// <summary>The acknowledged bitrate in bit/s, or 0 while less than <see cref="MinSpanMicros"/> has been seen.</summary>
    public long Bitrate
    {
        get
        {
            if (_first == long.MinValue)
            {
                return 0;
            }

            long span = Math.Min(WindowMicros, _latest - _first);
            return span < MinSpanMicros ? 0 : _bytes * 8 * 1_000_000 / span;
        }
    }

    private void RemoveOldest()
    {
        _bytes -= _sizes[_head];
        _head = (_head + 1) % Capacity;
        _count--;
    }
}
