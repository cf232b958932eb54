using System.Buffers.Binary;

namespace Sfu.Wire.Rtcp;

/// <summary>
/// The common 4-byte header of every RTCP packet (RFC 3550 section 6.4.1):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| RC/FMT  |      PT       |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// length is the packet length in 32-bit words minus one. With P set, the last byte of the packet
/// counts the padding bytes including itself.
/// </summary>
public readonly struct RtcpHeader
{
    /// <summary>Length of the common header.</summary>
    public const int Length = 4;

    /// <summary>The only RTCP version (RFC 3550).</summary>
    public const int Version = 2;

    /// <summary>Longest packet the 16-bit length field can describe.</summary>
    public const int MaxPacketLength = (ushort.MaxValue + 1) * 4;

    private const byte PaddingBit = 0x20;

    private RtcpHeader(int count, byte packetType, int lengthInWords, int paddingLength)
    {
        Count = count;
        PacketType = packetType;
        LengthInWords = lengthInWords;
        PaddingLength = paddingLength;
    }

    /// <summary>The 5-bit count field: report count, source count or feedback FMT, depending on PT.</summary>
    public int Count { get; }

    /// <summary>The 5-bit count field under its feedback name (RFC 4585 section 6.1).</summary>
    public int Format => Count;

    /// <summary>The packet type (see <see cref="RtcpPacketType"/>).</summary>
    public byte PacketType { get; }

    /// <summary>The raw length field: packet length in 32-bit words minus one.</summary>
    public int LengthInWords { get; }

    /// <summary>Whole packet length in bytes, header and padding included.</summary>
    public int PacketLength => (LengthInWords + 1) * 4;

    /// <summary>Padding bytes at the end of the packet (count byte included); 0 when P is clear.</summary>
    public int PaddingLength { get; }

    /// <summary>True when the P bit was set.</summary>
    public bool HasPadding => PaddingLength != 0;

    /// <summary>Bytes after the common header, excluding padding.</summary>
    public int PayloadLength => PacketLength - Length - PaddingLength;

    /// <summary>
    /// Parses the header at the start of <paramref name="data"/> and checks that the whole packet
    /// (and its padding, if any) fits in <paramref name="data"/>. Never throws.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out RtcpHeader header)
    {
        header = default;
        if (data.Length < Length || data[0] >> 6 != Version)
        {
            return false;
        }

        int lengthInWords = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(2));
        int packetLength = (lengthInWords + 1) * 4;
        if (packetLength > data.Length)
        {
            return false;
        }

        int paddingLength = 0;
        if ((data[0] & PaddingBit) != 0)
        {
            // The count includes itself, so 0 is invalid; padding cannot eat into the header.
            paddingLength = data[packetLength - 1];
            if (paddingLength == 0 || paddingLength > packetLength - Length)
            {
                return false;
            }
        }

        header = new RtcpHeader(data[0] & 0x1F, data[1], lengthInWords, paddingLength);
        return true;
    }

    /// <summary>The packet's bytes after the common header, padding excluded.</summary>
    public ReadOnlySpan<byte> GetPayload(ReadOnlySpan<byte> packet) => packet.Slice(Length, PayloadLength);

    /// <summary>
    /// Writes a header for a packet of <paramref name="packetLength"/> bytes (a multiple of 4, at
    /// least 4) without padding. The caller has checked that <paramref name="destination"/> has room.
    /// </summary>
    public static void Write(Span<byte> destination, int count, byte packetType, int packetLength)
    {
        destination[0] = (byte)((Version << 6) | (count & 0x1F));
        destination[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)((packetLength / 4) - 1));
    }

    /// <summary>Sets the P bit of a written header (the caller writes the count byte at the end).</summary>
    public static void SetPadding(Span<byte> packet) => packet[0] |= PaddingBit;
}
