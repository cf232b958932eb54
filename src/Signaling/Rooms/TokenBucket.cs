namespace Signaling.Rooms;

/// <summary>A token bucket rate limiter on a <see cref="TimeProvider"/>; not thread-safe (callers hold a lock or own it).</summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _capacity;
    private readonly double _perSecond;
    private double _tokens;
    private long _lastTimestamp;

    public TokenBucket(TimeProvider time, int capacity, double perSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(perSecond);
        _time = time;
        _capacity = capacity;
        _perSecond = perSecond;
        _tokens = capacity;
        _lastTimestamp = time.GetTimestamp();
    }

    /// <summary>Takes one token if there is one.</summary>
    public bool TryTake()
    {
        long now = _time.GetTimestamp();
        double elapsedSeconds = _time.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
        _lastTimestamp = now;
        _tokens = Math.Min(_capacity, _tokens + (elapsedSeconds * _perSecond));
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
