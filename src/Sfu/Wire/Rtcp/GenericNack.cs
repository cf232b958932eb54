using System.Buffers.Binary;
using Sfu.Buffers;

namespace Sfu.Wire.Rtcp;

/// <summary>
/// Generic NACK (RTPFB, FMT 1; RFC 4585 section 6.2.1). The FCI is a list of 32-bit entries:
/// <code>
/// |            PID                |             BLP               |
/// </code>
/// </summary>
public readonly ref struct GenericNack
{
    /// <summary>Bytes per FCI entry.</summary>
    public const int ItemLength = 4;

    private readonly ReadOnlySpan<byte> _fci;

    private GenericNack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _fci = fci;
    }

    /// <summary>SSRC of the packet sender (the receiver asking for retransmission).</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source whose packets were lost.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Number of FCI entries.</summary>
    public int ItemCount => _fci.Length / ItemLength;

    /// <summary>The entry at <paramref name="index"/> (0 &lt;= index &lt; <see cref="ItemCount"/>).</summary>
    public NackItem GetItem(int index) => new(
        BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(index * ItemLength)),
        BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice((index * ItemLength) + 2)));

    /// <summary>Enumerates every lost sequence number, entry by entry, PID first then BLP bits in order.</summary>
    public GenericNackSequenceEnumerator LostSequenceNumbers => new(_fci.Slice(0, ItemCount * ItemLength));

    /// <summary>Copies the lost sequence numbers into <paramref name="destination"/>; returns how many were written (stops when full).</summary>
    public int CopyLostSequenceNumbers(Span<ushort> destination)
    {
        int count = 0;
        foreach (ushort sequenceNumber in LostSequenceNumbers)
        {
            if (count == destination.Length)
            {
                break;
            }

            destination[count++] = sequenceNumber;
        }

        return count;
    }

    /// <summary>Reads a Generic NACK at the start of <paramref name="packet"/>; false if it is not one or has no entry.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out GenericNack nack)
    {
        nack = default;
        if (!RtcpFeedback.TryRead(packet, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack,
                out uint sender, out uint media, out ReadOnlySpan<byte> fci)
            || fci.Length < ItemLength)
        {
            return false;
        }

        nack = new GenericNack(sender, media, fci);
        return true;
    }

    /// <summary>Length of a NACK with <paramref name="itemCount"/> entries.</summary>
    public static int GetLength(int itemCount) => RtcpFeedback.HeaderLength + (itemCount * ItemLength);

    /// <summary>
    /// Number of entries <see cref="Write(Span{byte}, uint, uint, ReadOnlySpan{ushort})"/> produces
    /// for <paramref name="lostSequenceNumbers"/>.
    /// </summary>
    public static int CountItems(ReadOnlySpan<ushort> lostSequenceNumbers)
    {
        int count = 0;
        ushort packetId = 0;
        for (int i = 0; i < lostSequenceNumbers.Length; i++)
        {
            int distance = (int)SerialNumber.Difference(packetId, lostSequenceNumbers[i]);
            if (count == 0 || distance is < 0 or > 16)
            {
                count++;
                packetId = lostSequenceNumbers[i];
            }
        }

        return count;
    }

    /// <summary>Writes a NACK from ready-made entries; returns its length, or 0 if empty or it does not fit.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<NackItem> items)
    {
        int length = GetLength(items.Length);
        if (items.IsEmpty || length > destination.Length || length > RtcpHeader.MaxPacketLength)
        {
            return 0;
        }

        RtcpFeedback.Write(destination, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack, length, senderSsrc, mediaSsrc);
        for (int i = 0; i < items.Length; i++)
        {
            Span<byte> entry = destination.Slice(RtcpFeedback.HeaderLength + (i * ItemLength));
            BinaryPrimitives.WriteUInt16BigEndian(entry, items[i].PacketId);
            BinaryPrimitives.WriteUInt16BigEndian(entry.Slice(2), items[i].LostBitmask);
        }

        return length;
    }

    /// <summary>
    /// Writes a NACK for <paramref name="lostSequenceNumbers"/>, given in ascending order (wrapping
    /// through 65535 to 0 is fine). Each entry covers its PID and the 16 numbers after it; a repeat
    /// of the current PID is skipped, and any number more than 16 after it (modulo 2^16, so also a
    /// number before it) starts a new entry. Returns the length, or 0 if the list is empty or the
    /// packet does not fit.
    /// </summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lostSequenceNumbers)
    {
        int itemCount = CountItems(lostSequenceNumbers);
        int length = GetLength(itemCount);
        if (itemCount == 0 || length > destination.Length || length > RtcpHeader.MaxPacketLength)
        {
            return 0;
        }

        RtcpFeedback.Write(destination, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack, length, senderSsrc, mediaSsrc);
        int offset = RtcpFeedback.HeaderLength - ItemLength;
        ushort packetId = 0;
        ushort bitmask = 0;
        bool open = false;
        for (int i = 0; i < lostSequenceNumbers.Length; i++)
        {
            int distance = (int)SerialNumber.Difference(packetId, lostSequenceNumbers[i]);
            if (open && distance is >= 0 and <= 16)
            {
                if (distance > 0)
                {
                    bitmask |= (ushort)(1 << (distance - 1));
                    BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset + 2), bitmask);
                }

                continue;
            }

            open = true;
            offset += ItemLength;
            packetId = lostSequenceNumbers[i];
            bitmask = 0;
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset), packetId);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset + 2), bitmask);
        }

        return length;
    }
}

/// <summary>Enumerates the lost sequence numbers of a <see cref="GenericNack"/>.</summary>
public ref struct GenericNackSequenceEnumerator
{
    private readonly ReadOnlySpan<byte> _fci;
    private int _offset;
    private int _bit; // next BLP bit to test; 16 = move to the next entry
    private ushort _current;

    internal GenericNackSequenceEnumerator(ReadOnlySpan<byte> fci)
    {
        _fci = fci;
        _offset = -GenericNack.ItemLength;
        _bit = 16;
        _current = 0;
    }

    /// <summary>The current lost sequence number.</summary>
    public readonly ushort Current => _current;

    /// <summary>Returns this enumerator, for <c>foreach</c>.</summary>
    public readonly GenericNackSequenceEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next lost sequence number.</summary>
    public bool MoveNext()
    {
        while (true)
        {
            if (_bit >= 16)
            {
                _offset += GenericNack.ItemLength;
                if (_offset + GenericNack.ItemLength > _fci.Length)
                {
                    return false;
                }

                _bit = 0;
                _current = BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(_offset));
                return true;
            }

            ushort bitmask = BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(_offset + 2));
            int bit = _bit++;
            if ((bitmask & (1 << bit)) != 0)
            {
                _current = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(_offset)) + bit + 1);
                return true;
            }
        }
    }
}
