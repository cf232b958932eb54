using System.Numerics;

namespace Sfu.Buffers;

/// <summary>
/// Turns a wrapping RTP counter into a monotonic 64-bit count so that code past ingress never deals with
/// wraparound: <c>SerialUnwrapper&lt;ushort&gt;</c> for 16-bit sequence numbers, <c>SerialUnwrapper&lt;uint&gt;</c>
/// for 32-bit timestamps (RFC 3550 section 5.1; the extended sequence number of appendix A.1).
/// </summary>
/// <remarks>
/// A value is placed at the unwrapped position closest to the highest one seen so far
/// (<see cref="SerialNumber.Extend{T}"/>): up to 2^(N-1) steps behind it is late (reordering, B-frames),
/// up to 2^(N-1) - 1 ahead is new. The reference only moves forward, so one very late packet cannot drag later
/// values backwards. The first value unwraps to itself (0..2^N - 1); a value reordered before the first one can
/// unwrap to a negative number. One instance per RTP stream, touched by one thread.
/// </remarks>
public sealed class SerialUnwrapper<T>
    where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>, IMinMaxValue<T>
{
    private long _highest;
    private bool _started;

    /// <summary>True once a value has been unwrapped since construction or <see cref="Reset"/>.</summary>
    public bool HasStarted => _started;

    /// <summary>The highest unwrapped value so far; meaningless before <see cref="HasStarted"/>.</summary>
    public long Highest => _highest;

    /// <summary>Unwraps <paramref name="value"/> and moves the reference forward if it is newer.</summary>
    public long Unwrap(T value)
    {
        long unwrapped = Peek(value);
        if (!_started || unwrapped > _highest)
        {
            _highest = unwrapped;
            _started = true;
        }

        return unwrapped;
    }

    /// <summary>Unwraps <paramref name="value"/> without changing the reference.</summary>
    public long Peek(T value) => _started ? SerialNumber.Extend(_highest, value) : long.CreateTruncating(value);

    /// <summary>Forgets the reference, e.g. after an SSRC change.</summary>
    public void Reset()
    {
        _highest = 0;
        _started = false;
    }
}
