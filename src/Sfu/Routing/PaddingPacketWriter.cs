using System.Buffers.Binary;
using Sfu.Wire.Rtp;

namespace Sfu.Routing;

/// <summary>
/// Writes a padding-only RTP packet for bandwidth probing: the padding bit set and no payload but padding, whose last
/// octet counts the padding octets including itself (RFC 3550 section 5.1), so a receiver discards it after
/// acknowledging its transport-wide sequence number. The one-byte extension block (RFC 8285 section 4.2) holds only
/// that number's element, left zero for <see cref="TransportWideSequencer"/> to stamp.
/// </summary>
public static class PaddingPacketWriter
{
    /// <summary>The most padding one packet carries: the count is one octet.</summary>
    public const int MaxPadding = 255;

    private const int ExtensionBlockLength = 8; // 0xBEDE, length 1, then id/len + 2 bytes + 1 byte of padding

    /// <returns>The packet length, or 0 when <paramref name="destination"/> is too small or the arguments are out of range.</returns>
    public static int Write(Span<byte> destination, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, int transportCcId, int padding)
    {
        int total = RtpHeader.FixedLength + ExtensionBlockLength + padding;
        if (padding is < 1 or > MaxPadding || transportCcId is < 1 or > 14 || total > destination.Length)
        {
            return 0;
        }

        destination[0] = 0x80 | 0x20 | 0x10; // V=2, P, X
        destination[1] = (byte)(payloadType & 0x7F);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        Span<byte> block = destination.Slice(RtpHeader.FixedLength, ExtensionBlockLength);
        BinaryPrimitives.WriteUInt16BigEndian(block, 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(block[2..], 1);
        block[4] = (byte)((transportCcId << 4) | (TransportSequenceNumberExtension.Length - 1));
        block[5..].Clear();
        Span<byte> tail = destination.Slice(RtpHeader.FixedLength + ExtensionBlockLength, padding);
        tail.Clear();
        tail[^1] = (byte)padding;
        return total;
    }
}
