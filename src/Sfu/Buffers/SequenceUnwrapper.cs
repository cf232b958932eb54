namespace Sfu.Buffers;

/// <summary>
/// Turns 16-bit RTP sequence numbers (RFC 3550 section 5.1) into a monotonic 64-bit count so that
/// code past ingress never deals with wraparound. A value is placed at the unwrapped position
/// closest to the highest value seen so far: up to 32,767 steps behind it is a late (reordered)
/// packet, up to 32,768 steps ahead is new.
/// </summary>
/// <remarks>
/// The reference only moves forward, so one very late packet cannot drag later values backwards.
/// The first value unwraps to itself (0..65,535); a packet reordered before the first one can
/// unwrap to a negative number. One instance per RTP stream, touched by one thread.
/// </remarks>
public sealed class SequenceUnwrapper
{
    private long _highest;
    private bool _started;

    /// <summary>True once a value has been unwrapped since construction or <see cref="Reset"/>.</summary>
    public bool HasStarted => _started;

    /// <summary>The highest unwrapped value so far; meaningless before <see cref="HasStarted"/>.</summary>
    public long Highest => _highest;

    /// <summary>Unwraps <paramref name="sequenceNumber"/> and moves the reference forward if it is newer.</summary>
    public long Unwrap(ushort sequenceNumber)
    {
        long unwrapped = Peek(sequenceNumber);
        if (!_started || unwrapped > _highest)
        {
            _highest = unwrapped;
            _started = true;
        }

        return unwrapped;
    }

    /// <summary>Unwraps <paramref name="sequenceNumber"/> without changing the reference.</summary>
    public long Peek(ushort sequenceNumber)
    {
        if (!_started)
        {
            return sequenceNumber;
        }

        // Distance forward from the highest value, modulo 2^16. Forward up to half the range
        // (inclusive) is new; anything further forward is really behind.
        int forward = (ushort)(sequenceNumber - (ushort)_highest);
        return forward <= 0x8000 ? _highest + forward : _highest + forward - 0x10000;
    }

    /// <summary>Forgets the reference, e.g. after an SSRC change.</summary>
    public void Reset()
    {
        _highest = 0;
        _started = false;
    }
}
