namespace Sfu.Buffers;

/// <summary>
/// Turns 32-bit RTP timestamps (RFC 3550 section 5.1) into a monotonic 64-bit value. A timestamp is
/// placed at the unwrapped position closest to the highest one seen so far: up to 2^31 - 1 units
/// behind is an older timestamp (reordering, B-frames), up to 2^31 ahead is newer.
/// </summary>
/// <remarks>
/// The reference only moves forward. The first value unwraps to itself (0..2^32 - 1); an earlier
/// timestamp before the first one can unwrap to a negative number. One instance per RTP stream.
/// </remarks>
public sealed class TimestampUnwrapper
{
    private long _highest;
    private bool _started;

    /// <summary>True once a value has been unwrapped since construction or <see cref="Reset"/>.</summary>
    public bool HasStarted => _started;

    /// <summary>The highest unwrapped value so far; meaningless before <see cref="HasStarted"/>.</summary>
    public long Highest => _highest;

    /// <summary>Unwraps <paramref name="timestamp"/> and moves the reference forward if it is newer.</summary>
    public long Unwrap(uint timestamp)
    {
        long unwrapped = Peek(timestamp);
        if (!_started || unwrapped > _highest)
        {
            _highest = unwrapped;
            _started = true;
        }

        return unwrapped;
    }

    /// <summary>Unwraps <paramref name="timestamp"/> without changing the reference.</summary>
    public long Peek(uint timestamp)
    {
        if (!_started)
        {
            return timestamp;
        }

        long forward = (uint)(timestamp - (uint)_highest);
        return forward <= 0x8000_0000L ? _highest + forward : _highest + forward - 0x1_0000_0000L;
    }

    /// <summary>Forgets the reference, e.g. after an SSRC change.</summary>
    public void Reset()
    {
        _highest = 0;
        _started = false;
    }
}
