using Sfu.Buffers;

namespace Sfu.Streams;

/// <summary>
/// Decides which sequence numbers of one incoming stream to NACK (RFC 4585 6.2.1 Generic NACK) and when.
/// </summary>
/// <remarks>
/// Missing sequence numbers live in a fixed ring indexed by the low bits of their extended number, so a
/// slot is reused exactly when its sequence number falls out of the tracking window; nothing allocates
/// after construction. A missing number is NACKed on the first <see cref="CollectNacks"/> after the gap is
/// seen, then again every <see cref="RetryIntervalTicks"/> up to the retry limit, and forgotten after the
/// age limit. Single owner (the room loop), no locks. Times are engine ticks (see <see cref="MediaTime"/>).
/// </remarks>
public sealed class NackGenerator
{
    /// <summary>Default number of sequence numbers tracked behind the highest one.</summary>
    public const int DefaultCapacity = 256;

    /// <summary>Default number of NACKs sent for one missing packet before giving up.</summary>
    public const int DefaultMaxRetries = 10;

    /// <summary>Default time between two NACKs for the same packet (about one RTT on a good path).</summary>
    public const long DefaultRetryIntervalTicks = 20 * MediaTime.TicksPerMillisecond;

    /// <summary>Default age after which a missing packet is not worth recovering any more.</summary>
    public const long DefaultMaxAgeTicks = MediaTime.TicksPerSecond;

    private readonly Entry[] _entries;
    private readonly int _mask;
    private readonly int _maxRetries;
    private readonly long _maxAgeTicks;
    private long _retryIntervalTicks;

    private bool _started;
    private long _highest;
    private int _missingCount;
    private bool _hasResyncCandidate;
    private ushort _resyncCandidate;

    /// <summary>Creates a generator.</summary>
    /// <param name="capacity">Sequence numbers tracked behind the highest one; a power of two (64..32768).</param>
    /// <param name="maxRetries">NACKs per missing packet before it is given up (1..255).</param>
    /// <param name="retryIntervalTicks">Minimum time between two NACKs for the same packet.</param>
    /// <param name="maxAgeTicks">A missing packet older than this (since its gap was seen) is given up.</param>
    public NackGenerator(
        int capacity = DefaultCapacity,
        int maxRetries = DefaultMaxRetries,
        long retryIntervalTicks = DefaultRetryIntervalTicks,
        long maxAgeTicks = DefaultMaxAgeTicks)
    {
        if (capacity < 64 || capacity > 32768 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Must be a power of two in 64..32768.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetries, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRetries, 255);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(retryIntervalTicks);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAgeTicks);

        _entries = new Entry[capacity];
        _mask = capacity - 1;
        _maxRetries = maxRetries;
        _retryIntervalTicks = retryIntervalTicks;
        _maxAgeTicks = maxAgeTicks;
    }

    /// <summary>Sequence numbers tracked behind the highest one.</summary>
    public int Capacity => _entries.Length;

    /// <summary>Minimum time between two NACKs for the same packet; set it from the RTT estimate.</summary>
    public long RetryIntervalTicks
    {
        get => _retryIntervalTicks;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            _retryIntervalTicks = value;
        }
    }

    /// <summary>Sequence numbers currently missing.</summary>
    public int MissingCount => _missingCount;

    /// <summary>Missing packets that arrived after being NACKed.</summary>
    public long RecoveredCount { get; private set; }

    /// <summary>Missing packets that arrived before any NACK (reordering).</summary>
    public long ReorderedCount { get; private set; }

    /// <summary>Missing packets given up: too many retries, too old, pushed out of the window, or cleared on resync.</summary>
    public long GivenUpCount { get; private set; }

    /// <summary>Sequence numbers put into NACKs so far (a packet NACKed twice counts twice).</summary>
    public long NackedCount { get; private set; }

    /// <summary>Accounts one received packet of the stream and tracks any gap before it.</summary>
    public NackOutcome OnPacket(ushort sequenceNumber, long nowTicks)
    {
        if (!_started)
        {
            _started = true;
            _highest = sequenceNumber;
            return NackOutcome.First;
        }

        long extended = SerialNumber.Extend(_highest, sequenceNumber);
        if (extended > _highest)
        {
            _hasResyncCandidate = false;
            return OnNewer(extended, nowTicks);
        }

        if (extended == _highest)
        {
            return NackOutcome.Duplicate;
        }

        if (_highest - extended >= _entries.Length)
        {
            return OnFarBehind(sequenceNumber, extended);
        }

        _hasResyncCandidate = false;
        ref Entry entry = ref _entries[extended & _mask];
        if (!entry.Missing || entry.Sequence != extended)
        {
            return NackOutcome.Duplicate;
        }

        entry.Missing = false;
        _missingCount--;
        if (entry.Retries > 0)
        {
            RecoveredCount++;
            return NackOutcome.Recovered;
        }

        ReorderedCount++;
        return NackOutcome.Reordered;
    }

    /// <summary>
    /// Writes the sequence numbers to NACK now into <paramref name="destination"/>, oldest first, and
    /// expires those that ran out of retries or age. Entries that do not fit wait for the next call.
    /// </summary>
    /// <returns>The number of sequence numbers written.</returns>
    public int CollectNacks(long nowTicks, Span<ushort> destination)
    {
        if (_missingCount == 0 || destination.IsEmpty)
        {
            return 0;
        }

        int written = 0;
        for (long sequence = _highest - _entries.Length + 1; sequence < _highest && _missingCount > 0; sequence++)
        {
            ref Entry entry = ref _entries[sequence & _mask];
            if (!entry.Missing || entry.Sequence != sequence)
            {
                continue;
            }

            if (nowTicks - entry.DetectedTicks > _maxAgeTicks)
            {
                GiveUp(ref entry);
                continue;
            }

            if (entry.Retries > 0 && nowTicks - entry.LastNackTicks < _retryIntervalTicks)
            {
                continue;
            }

            if (entry.Retries >= _maxRetries)
            {
                GiveUp(ref entry);
                continue;
            }

            if (written == destination.Length)
            {
                break;
            }

            destination[written++] = unchecked((ushort)sequence);
            entry.Retries++;
            entry.LastNackTicks = nowTicks;
        }

        NackedCount += written;
        return written;
    }

    /// <summary>Forgets every missing packet and the stream position; the next packet starts afresh.</summary>
    public void Reset()
    {
        ClearMissing();
        _started = false;
        _hasResyncCandidate = false;
    }

    private NackOutcome OnNewer(long extended, long nowTicks)
    {
        long gap = extended - _highest - 1;
        if (gap >= _entries.Length)
        {
            // Too many to recover one by one; a keyframe is cheaper than hundreds of retransmissions.
            ClearMissing();
            _highest = extended;
            return NackOutcome.Resynchronized;
        }

        for (long sequence = _highest + 1; sequence < extended; sequence++)
        {
            ref Entry entry = ref _entries[sequence & _mask];
            if (entry.Missing)
            {
                // The slot still holds the number one window behind: it fell out of the window.
                GiveUp(ref entry);
            }

            entry = new Entry { Sequence = sequence, Missing = true, DetectedTicks = nowTicks };
            _missingCount++;
        }

        ref Entry received = ref _entries[extended & _mask];
        if (received.Missing)
        {
            GiveUp(ref received);
        }

        _highest = extended;
        return gap > 0 ? NackOutcome.GapDetected : NackOutcome.InOrder;
    }

    // RFC 3550 A.1's rule for big jumps: one packet far away is ignored, but two sequential ones
    // mean the sender restarted its numbering.
    private NackOutcome OnFarBehind(ushort sequenceNumber, long extended)
    {
        if (_hasResyncCandidate && sequenceNumber == _resyncCandidate)
        {
            ClearMissing();
            _hasResyncCandidate = false;
            _highest = extended;
            return NackOutcome.Resynchronized;
        }

        _hasResyncCandidate = true;
        _resyncCandidate = unchecked((ushort)(sequenceNumber + 1));
        return NackOutcome.TooOld;
    }

    private void GiveUp(ref Entry entry)
    {
        entry.Missing = false;
        _missingCount--;
        GivenUpCount++;
    }

    private void ClearMissing()
    {
        if (_missingCount == 0)
        {
            return;
        }

        for (int i = 0; i < _entries.Length; i++)
        {
            if (_entries[i].Missing)
            {
                _entries[i].Missing = false;
                GivenUpCount++;
            }
        }

        _missingCount = 0;
    }

    private struct Entry
    {
        public long Sequence;
        public long DetectedTicks;
        public long LastNackTicks;
        public int Retries;
        public bool Missing;
    }
}
