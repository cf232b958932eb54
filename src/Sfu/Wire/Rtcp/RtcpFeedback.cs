using System.Buffers.Binary;

namespace Sfu.Wire.Rtcp;

/// <summary>
/// The common layout of RTPFB and PSFB feedback messages (RFC 4585 section 6.1):
/// <code>
/// |V=2|P|   FMT   |       PT      |          length               |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source                         |
/// :            Feedback Control Information (FCI)                 :
/// </code>
/// </summary>
internal static class RtcpFeedback
{
    /// <summary>Common header plus the two SSRCs.</summary>
    public const int HeaderLength = 12;

    /// <summary>Reads the common part of a feedback message of the given type and format.</summary>
    public static bool TryRead(
        ReadOnlySpan<byte> packet, byte packetType, int format,
        out uint senderSsrc, out uint mediaSsrc, out ReadOnlySpan<byte> fci)
    {
        senderSsrc = 0;
        mediaSsrc = 0;
        fci = default;
        if (!RtcpHeader.TryRead(packet, out RtcpHeader header) || header.PacketType != packetType
            || header.Format != format || header.PayloadLength < HeaderLength - RtcpHeader.Length)
        {
            return false;
        }

        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4));
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8));
        fci = packet.Slice(HeaderLength, header.PayloadLength - (HeaderLength - RtcpHeader.Length));
        return true;
    }

    /// <summary>Writes the common part; the caller has checked that <paramref name="packetLength"/> bytes fit.</summary>
    public static void Write(Span<byte> destination, byte packetType, int format, int packetLength, uint senderSsrc, uint mediaSsrc)
    {
        RtcpHeader.Write(destination, format, packetType, packetLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), mediaSsrc);
    }
}
