namespace Sfu.Transport;

/// <summary>What one datagram on the shared media port carries.</summary>
public enum PacketClass : byte
{
    Unknown,
    Stun,
    Dtls,
    Rtp,
    Rtcp,
}

/// <summary>
/// RFC 7983 section 7: the first byte tells STUN, DTLS and SRTP apart on one port;
/// RFC 5761 section 4: with rtcp-mux, payload types 192-223 in the second byte are RTCP.
/// </summary>
public static class PacketDemux
{
    public static PacketClass Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 2)
        {
            return PacketClass.Unknown;
        }

        byte first = datagram[0];
        if (first <= 3)
        {
            return PacketClass.Stun;
        }

        if (first >= 20 && first <= 63)
        {
            return PacketClass.Dtls;
        }

        if (first >= 128 && first <= 191)
        {
            byte payloadType = datagram[1];
            return payloadType >= 192 && payloadType <= 223 ? PacketClass.Rtcp : PacketClass.Rtp;
        }

        return PacketClass.Unknown;
    }
}
