using Sfu.Streams;

namespace Sfu.Forwarding;

/// <summary>
/// Limits keyframe requests (PLI/FIR) forwarded to one publisher track: every subscriber that joins or
/// loses packets asks for a keyframe, but one keyframe serves them all, and each one costs the publisher a
/// large burst of bits. Single owner, no locks. Times are engine ticks (see <see cref="MediaTime"/>).
/// </summary>
public sealed class KeyframeRequestThrottle
{
    /// <summary>Default minimum time between two forwarded requests.</summary>
    public const long DefaultMinIntervalTicks = MediaTime.TicksPerSecond;

    private bool _hasRequested;
    private long _lastRequestTicks;

    /// <summary>Creates a throttle.</summary>
    /// <param name="minIntervalTicks">Minimum time between two requests that pass.</param>
    public KeyframeRequestThrottle(long minIntervalTicks = DefaultMinIntervalTicks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minIntervalTicks);
        MinIntervalTicks = minIntervalTicks;
    }

    /// <summary>Minimum time between two requests that pass.</summary>
    public long MinIntervalTicks { get; }

    /// <summary>Requests that passed.</summary>
    public long PassedCount { get; private set; }

    /// <summary>Requests suppressed because one passed too recently.</summary>
    public long SuppressedCount { get; private set; }

    /// <summary>Whether a request made now should be sent to the publisher; if so it counts as the latest.</summary>
    public bool TryRequest(long nowTicks)
    {
        if (_hasRequested && nowTicks - _lastRequestTicks < MinIntervalTicks)
        {
            SuppressedCount++;
            return false;
        }

        _hasRequested = true;
        _lastRequestTicks = nowTicks;
        PassedCount++;
        return true;
    }

    /// <summary>Lets the next request pass at once (e.g. after the publisher's stream restarted).</summary>
    public void Reset() => _hasRequested = false;
}
