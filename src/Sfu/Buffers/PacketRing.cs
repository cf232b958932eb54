using System.Buffers;

namespace Sfu.Buffers;

/// <summary>
/// A fixed number of packet slots indexed by the low bits of a 16-bit RTP sequence number, each a byte
/// array rented from <see cref="ArrayPool{T}.Shared"/> the first time it is used and reused afterwards.
/// </summary>
/// <remarks>
/// Slots are rented lazily so that a quiet stream (e.g. audio) holds few buffers; once every slot has been
/// used, storing allocates nothing. A slot remembers which sequence number it holds, so a lookup of a number
/// whose slot was overwritten by a newer one (capacity or a multiple of it later) misses. Single owner,
/// no locks. Dispose returns the buffers to the pool.
/// </remarks>
public sealed class PacketRing : IDisposable
{
    private readonly Slot[] _slots;
    private readonly int _mask;
    private readonly int _maxPacketSize;
    private bool _disposed;

    /// <summary>Creates a ring.</summary>
    /// <param name="capacity">Number of slots: a power of two in 16..32768.</param>
    /// <param name="maxPacketSize">Largest packet a slot holds, in bytes.</param>
    public PacketRing(int capacity, int maxPacketSize)
    {
        if (capacity < 16 || capacity > 32768 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Must be a power of two in 16..32768.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPacketSize);
        _slots = new Slot[capacity];
        _mask = capacity - 1;
        _maxPacketSize = maxPacketSize;
    }

    /// <summary>Number of slots.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Largest packet a slot holds, in bytes.</summary>
    public int MaxPacketSize => _maxPacketSize;

    /// <summary>Copies <paramref name="packet"/> into the slot of <paramref name="sequenceNumber"/>, replacing what was there.</summary>
    /// <returns>false (and nothing stored, the slot emptied) when the packet is empty or larger than <see cref="MaxPacketSize"/>.</returns>
    public bool Store(ushort sequenceNumber, ReadOnlySpan<byte> packet, long nowTicks)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ref Slot slot = ref _slots[sequenceNumber & _mask];
        if (packet.IsEmpty || packet.Length > _maxPacketSize)
        {
            slot.Length = 0;
            return false;
        }

        slot.Buffer ??= ArrayPool<byte>.Shared.Rent(_maxPacketSize);
        packet.CopyTo(slot.Buffer);
        slot.Length = packet.Length;
        slot.SequenceNumber = sequenceNumber;
        slot.StoredTicks = nowTicks;
        slot.LastSentTicks = long.MinValue;
        return true;
    }

    /// <summary>
    /// Finds the slot holding <paramref name="sequenceNumber"/>. The reference stays valid until the next
    /// <see cref="Store"/> into the same slot; callers may update <see cref="Slot.LastSentTicks"/> through it.
    /// </summary>
    /// <returns>A reference to the slot, or a null reference when the packet is not held.</returns>
    public ref Slot Find(ushort sequenceNumber)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ref Slot slot = ref _slots[sequenceNumber & _mask];
        if (slot.Length == 0 || slot.SequenceNumber != sequenceNumber)
        {
            return ref System.Runtime.CompilerServices.Unsafe.NullRef<Slot>();
        }

        return ref slot;
    }

    /// <summary>Empties every slot (the buffers stay rented for reuse).</summary>
    public void Clear()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            _slots[i].Length = 0;
        }
    }

    /// <summary>Returns every rented buffer to the pool.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        for (int i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Buffer is { } buffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                _slots[i] = default;
            }
        }
    }

    /// <summary>One stored packet and its bookkeeping.</summary>
    public struct Slot
    {
        /// <summary>The rented buffer; the packet is its first <see cref="Length"/> bytes.</summary>
        public byte[]? Buffer;

        /// <summary>Bytes of the stored packet, 0 when the slot is empty.</summary>
        public int Length;

        /// <summary>Sequence number of the stored packet.</summary>
        public ushort SequenceNumber;

        /// <summary>When the packet was stored, in engine ticks.</summary>
        public long StoredTicks;

        /// <summary>When the packet was last sent again, in engine ticks; <see cref="long.MinValue"/> if never.</summary>
        public long LastSentTicks;

        /// <summary>The stored packet.</summary>
        public readonly ReadOnlySpan<byte> Packet => new(Buffer, 0, Length);
    }
}
