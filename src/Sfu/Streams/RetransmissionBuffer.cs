using Sfu.Buffers;

namespace Sfu.Streams;

/// <summary>
/// Recent outgoing packets of one sent stream, by their (rewritten) sequence number, so that a subscriber's
/// NACK (RFC 4585 6.2.1) can be answered from the SFU instead of the publisher.
/// </summary>
/// <remarks>
/// Storage is a <see cref="PacketRing"/> of pooled buffers: 0 B per packet once every slot has been used.
/// A packet is served only while younger than the age limit, and at most once per minimum resend interval,
/// so that a burst of duplicate NACKs (or several receivers' NACKs for the same packet) does not turn into a
/// burst of duplicate retransmissions. Single owner, no locks. Times are engine ticks (see <see cref="MediaTime"/>).
/// </remarks>
public sealed class RetransmissionBuffer : IDisposable
{
    /// <summary>Default number of packets held (about 1 s of a 4 Mbit/s video stream).</summary>
    public const int DefaultCapacity = 512;

    /// <summary>Default largest packet held: an Ethernet MTU.</summary>
    public const int DefaultMaxPacketSize = 1500;

    /// <summary>Default age after which a packet is not served any more.</summary>
    public const long DefaultMaxAgeTicks = MediaTime.TicksPerSecond;

    /// <summary>Default minimum time between two retransmissions of the same packet.</summary>
    public const long DefaultMinResendIntervalTicks = 10 * MediaTime.TicksPerMillisecond;

    private readonly PacketRing _ring;
    private readonly long _maxAgeTicks;
    private long _minResendIntervalTicks;

    /// <summary>Creates a buffer.</summary>
    /// <param name="capacity">Packets held: a power of two in 16..32768.</param>
    /// <param name="maxPacketSize">Largest packet held, in bytes.</param>
    /// <param name="maxAgeTicks">Packets stored longer ago than this are not served.</param>
    /// <param name="minResendIntervalTicks">Minimum time between two retransmissions of one packet.</param>
    public RetransmissionBuffer(
        int capacity = DefaultCapacity,
        int maxPacketSize = DefaultMaxPacketSize,
        long maxAgeTicks = DefaultMaxAgeTicks,
        long minResendIntervalTicks = DefaultMinResendIntervalTicks)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAgeTicks);
        ArgumentOutOfRangeException.ThrowIfNegative(minResendIntervalTicks);
        _ring = new PacketRing(capacity, maxPacketSize);
        _maxAgeTicks = maxAgeTicks;
        _minResendIntervalTicks = minResendIntervalTicks;
    }

    /// <summary>Packets held at most.</summary>
    public int Capacity => _ring.Capacity;

    /// <summary>Minimum time between two retransmissions of one packet; set it near the RTT.</summary>
    public long MinResendIntervalTicks
    {
        get => _minResendIntervalTicks;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _minResendIntervalTicks = value;
        }
    }

    /// <summary>Keeps a copy of an outgoing packet under its outgoing sequence number.</summary>
    /// <returns>false when the packet is empty or larger than the slot size (it is then not held).</returns>
    public bool Store(ushort sequenceNumber, ReadOnlySpan<byte> packet, long nowTicks) =>
        _ring.Store(sequenceNumber, packet, nowTicks);

    /// <summary>
    /// Gets a held packet to send again and records the resend time. The span points into the buffer and
    /// stays valid until the next <see cref="Store"/>; send or copy it before that.
    /// </summary>
    public bool TryGet(ushort sequenceNumber, long nowTicks, out ReadOnlySpan<byte> packet) =>
        Lookup(sequenceNumber, nowTicks, out packet) == RetransmissionLookup.Found;

    /// <summary>Like <see cref="TryGet"/>, but says why a packet is not served (for drop metrics).</summary>
    public RetransmissionLookup Lookup(ushort sequenceNumber, long nowTicks, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        ref PacketRing.Slot slot = ref _ring.Find(sequenceNumber);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref slot))
        {
            return RetransmissionLookup.NotFound;
        }

        if (nowTicks - slot.StoredTicks > _maxAgeTicks)
        {
            return RetransmissionLookup.Expired;
        }

        if (slot.LastSentTicks != long.MinValue && nowTicks - slot.LastSentTicks < _minResendIntervalTicks)
        {
            return RetransmissionLookup.ResentTooRecently;
        }

        slot.LastSentTicks = nowTicks;
        packet = slot.Packet;
        return RetransmissionLookup.Found;
    }

    /// <summary>Forgets every held packet (e.g. when the stream's sequence space restarts).</summary>
    public void Clear() => _ring.Clear();

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose() => _ring.Dispose();
}
