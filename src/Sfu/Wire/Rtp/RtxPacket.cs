using System.Buffers.Binary;

namespace Sfu.Wire.Rtp;

/// <summary>
/// RTP retransmission payload format (RFC 4588 section 4): an RTX packet carries the original
/// packet's header fields (timestamp, marker, CSRCs, extensions) under the RTX stream's SSRC,
/// payload type and sequence number, and its payload starts with the 2-byte original sequence
/// number (OSN) followed by the original payload. Padding of the original is not carried.
/// </summary>
public static class RtxPacket
{
    /// <summary>Length of the original sequence number field.</summary>
    public const int OsnLength = 2;

    /// <summary>Reads the OSN; false for packets with less than 2 payload bytes (e.g. padding-only probes).</summary>
    public static bool TryReadOriginalSequenceNumber(ReadOnlySpan<byte> packet, in RtpHeader header, out ushort originalSequenceNumber)
    {
        if (header.PayloadLength < OsnLength || header.PayloadOffset + OsnLength > packet.Length)
        {
            originalSequenceNumber = 0;
            return false;
        }

        originalSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(header.PayloadOffset));
        return true;
    }

    /// <summary>The RTX length for an original with header <paramref name="original"/>.</summary>
    public static int GetLength(in RtpHeader original) => original.HeaderLength + OsnLength + original.PayloadLength;

    /// <summary>
    /// Builds the RTX packet for <paramref name="original"/> into <paramref name="destination"/> and
    /// returns its length, or 0 if it does not fit. <paramref name="destination"/> may be the same
    /// buffer as <paramref name="original"/> (same start) to convert in place, given 2 bytes of room.
    /// </summary>
    public static int Write(
        Span<byte> destination, ReadOnlySpan<byte> original, in RtpHeader originalHeader,
        byte rtxPayloadType, ushort rtxSequenceNumber, uint rtxSsrc)
    {
        int headerLength = originalHeader.HeaderLength;
        int payloadLength = originalHeader.PayloadLength;
        int length = headerLength + OsnLength + payloadLength;
        if (length > destination.Length || headerLength + payloadLength > original.Length)
        {
            return 0;
        }

        // Payload first: when converting in place it moves right by 2 over bytes nobody needs yet.
        original.Slice(headerLength, payloadLength).CopyTo(destination.Slice(headerLength + OsnLength));
        original.Slice(0, headerLength).CopyTo(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(headerLength), originalHeader.SequenceNumber);
        destination[0] &= 0xDF; // clear P: the original's padding is not carried
        RtpHeader.WritePayloadType(destination, rtxPayloadType);
        RtpHeader.WriteSequenceNumber(destination, rtxSequenceNumber);
        RtpHeader.WriteSsrc(destination, rtxSsrc);
        return length;
    }

    /// <summary>
    /// Restores the original packet from an RTX packet (OSN removed; original SSRC and payload type
    /// given by the caller from SDP) and returns its length, or 0 if the RTX packet has no OSN or
    /// the result does not fit. <paramref name="destination"/> may be the RTX buffer itself (same start).
    /// </summary>
    public static int WriteOriginal(
        Span<byte> destination, ReadOnlySpan<byte> rtx, in RtpHeader rtxHeader,
        byte originalPayloadType, uint originalSsrc)
    {
        if (!TryReadOriginalSequenceNumber(rtx, rtxHeader, out ushort originalSequenceNumber))
        {
            return 0;
        }

        int headerLength = rtxHeader.HeaderLength;
        int payloadLength = rtxHeader.PayloadLength - OsnLength;
        int length = headerLength + payloadLength;
        if (length > destination.Length || headerLength + OsnLength + payloadLength > rtx.Length)
        {
            return 0;
        }

        // Header first is safe in place: it does not move. The payload then moves left by 2.
        rtx.Slice(0, headerLength).CopyTo(destination);
        rtx.Slice(headerLength + OsnLength, payloadLength).CopyTo(destination.Slice(headerLength));
        destination[0] &= 0xDF; // RTX padding (if any) is dropped with the OSN
        RtpHeader.WritePayloadType(destination, originalPayloadType);
        RtpHeader.WriteSequenceNumber(destination, originalSequenceNumber);
        RtpHeader.WriteSsrc(destination, originalSsrc);
        return length;
    }
}
