namespace Sfu.Client;

/// <summary>
/// A token bucket on the client's receive path that drops RTP datagrams beyond a rate, as a policed access link does:
/// the throttle for tests of the server's send-side bandwidth estimation (no netem here). STUN, DTLS and RTCP always
/// pass, so the session stays up however low the limit. Changeable at any time from any thread; 0 means no limit.
/// </summary>
public sealed class ClientReceiveRateLimiter(long ticksPerSecond)
{
    /// <summary>The bucket holds this long at the limit (or <see cref="MinBurstBytes"/>): a policer's burst allowance.</summary>
    private const double BurstSeconds = 0.05;

    private const int MinBurstBytes = 3000;

    private readonly object _gate = new();
    private long _bitsPerSecond;
    private double _tokens;
    private long _lastTicks = long.MinValue;
    private long _dropped;

    /// <summary>The current limit in bit/s; 0 when unlimited.</summary>
    public long BitsPerSecond => Interlocked.Read(ref _bitsPerSecond);

    /// <summary>RTP datagrams dropped by the limit so far.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Sets the limit (0 removes it); the bucket starts full.</summary>
    public void SetLimit(long bitsPerSecond)
    {
        lock (_gate)
        {
            _bitsPerSecond = Math.Max(0, bitsPerSecond);
            _tokens = Capacity(_bitsPerSecond);
            _lastTicks = long.MinValue;
        }
    }

    /// <summary>Whether a datagram of <paramref name="bytes"/> received at <paramref name="nowTicks"/> is let through.</summary>
    public bool Admit(int bytes, long nowTicks)
    {
        if (Interlocked.Read(ref _bitsPerSecond) == 0)
        {
            return true;
        }

        lock (_gate)
        {
            if (_bitsPerSecond == 0)
            {
                return true;
            }

            if (_lastTicks != long.MinValue && nowTicks > _lastTicks)
            {
                double seconds = (double)(nowTicks - _lastTicks) / ticksPerSecond;
                _tokens = Math.Min(Capacity(_bitsPerSecond), _tokens + (seconds * _bitsPerSecond / 8));
            }

            _lastTicks = Math.Max(_lastTicks, nowTicks);
            if (_tokens >= bytes)
            {
                _tokens -= bytes;
                return true;
            }

            _dropped++;
            return false;
        }
    }

    private static double Capacity(long bitsPerSecond) => Math.Max(MinBurstBytes, bitsPerSecond * BurstSeconds / 8);
}
