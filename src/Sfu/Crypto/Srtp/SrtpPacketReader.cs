using System.Buffers.Binary;

namespace Sfu.Crypto.Srtp;

/// <summary>The few RTP/RTCP header fields SRTP needs, read without allocating or throwing.</summary>
internal static class SrtpPacketReader
{
    private const int RtpFixedHeaderLength = 12;
    private const int RtpVersion = 2;

    /// <summary>
    /// Length of the RTP header that stays in clear: fixed header, CSRC list and header extension
    /// (RFC 3550 sections 5.1 and 5.3.1).
    /// </summary>
    public static bool TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < RtpFixedHeaderLength || packet[0] >> 6 != RtpVersion)
        {
            return false;
        }

        int length = RtpFixedHeaderLength + (4 * (packet[0] & 0x0F));
        bool hasExtension = (packet[0] & 0x10) != 0;
        if (hasExtension)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        if (length > packet.Length)
        {
            return false;
        }

        headerLength = length;
        return true;
    }

    public static ushort ReadRtpSequenceNumber(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);

    public static uint ReadRtpSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);

    /// <summary>Reads the sender SSRC of the first RTCP packet in a compound (RFC 3550 section 6.4).</summary>
    public static bool TryReadRtcpSenderSsrc(ReadOnlySpan<byte> packet, out uint ssrc)
    {
        if (packet.Length < SrtpTransform.RtcpClearHeaderLength || packet[0] >> 6 != RtpVersion)
        {
            ssrc = 0;
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        return true;
    }
}
