using Sfu.Buffers;

namespace Sfu.Streams;

/// <summary>
/// Recognises an RTP packet a stream already delivered: a bitmap of which of the last <see cref="Size"/> sequence numbers
/// (RFC 3550 section 5.1) behind the highest have arrived. A publisher sends old packets again for more than repair:
/// Chrome probes its uplink by re-sending its newest packets on RTX (RFC 4588), often the same one many times, and a
/// network may duplicate. Forwarding such a packet again gives the subscriber the same SRTP index twice; its replay
/// check (RFC 3711 section 3.3.2) drops it before transport-cc counts it, so each one reads as lost and the
/// subscriber's loss-based estimate collapses. A repair of a packet that really was lost is new here and passes.
/// </summary>
/// <remarks>Single owner (the media worker); no allocation after construction.</remarks>
public sealed class DuplicatePacketFilter
{
    /// <summary>How many sequence numbers behind the highest are remembered: about a second of a high simulcast layer.</summary>
    public const int Size = 1024;

    private const int WordBits = 64;

    private readonly ulong[] _seen = new ulong[Size / WordBits];
    private bool _started;
    private long _highest;

    /// <summary>
    /// Marks <paramref name="sequenceNumber"/> as received: false when it was already received within the window. A number
    /// older than the window cannot be told apart and counts as new.
    /// </summary>
    public bool TryMarkNew(ushort sequenceNumber)
    {
        if (!_started)
        {
            _started = true;
            _highest = sequenceNumber;
            Set(_highest);
            return true;
        }

        long extended = SerialNumber.Extend(_highest, sequenceNumber);
        long ahead = extended - _highest;
        if (ahead > 0)
        {
            if (ahead >= Size)
            {
                Array.Clear(_seen);
            }
            else
            {
                // The numbers skipped on the way are not received yet: their bits still say what arrived a window ago.
                for (long skipped = _highest + 1; skipped < extended; skipped++)
                {
                    Clear(skipped);
                }
            }

            _highest = extended;
            Set(extended);
            return true;
        }

        if (-ahead >= Size)
        {
            return true;
        }

        if (IsSet(extended))
        {
            return false;
        }

        Set(extended);
        return true;
    }

    /// <summary>Forgets everything: the stream starts again (a new SSRC).</summary>
    public void Reset()
    {
        _started = false;
        Array.Clear(_seen);
    }

    private static int Slot(long extended) => (int)(extended & (Size - 1));

    private bool IsSet(long extended)
    {
        int slot = Slot(extended);
        return (_seen[slot / WordBits] & (1UL << (slot % WordBits))) != 0;
    }

    private void Set(long extended)
    {
        int slot = Slot(extended);
        _seen[slot / WordBits] |= 1UL << (slot % WordBits);
    }

    private void Clear(long extended)
    {
        int slot = Slot(extended);
        _seen[slot / WordBits] &= ~(1UL << (slot % WordBits));
    }
}
