using System.Buffers.Binary;
using Sfu.Wire.Rtp;

namespace Sfu.Routing;

/// <summary>
/// Writes the packet a subscriber receives: a fresh RTP header (RFC 3550 section 5.1) with the consumer's
/// payload type, sequence number, timestamp and SSRC, a one-byte header extension block (RFC 8285 section 4.2)
/// carrying only what the subscriber negotiated (its own MID, the publisher's audio level, and a transport-wide
/// sequence number element that <see cref="TransportWideSequencer"/> fills in at send time), then the
/// publisher's payload without padding. Rebuilding instead of patching keeps a publisher's extension ids
/// (which the subscriber may map to other URIs) from leaking into the subscriber's stream.
/// </summary>
public static class ForwardedPacketWriter
{
    private const ushort OneByteProfile = 0xBEDE;

    /// <returns>The packet length, or 0 when <paramref name="destination"/> is too small.</returns>
    public static int Write(
        Span<byte> destination,
        ReadOnlySpan<byte> payload,
        bool marker,
        byte payloadType,
        ushort sequenceNumber,
        uint timestamp,
        uint ssrc,
        in SubscriberExtensions extensions,
        int audioLevel)
    {
        int extensionBody = ExtensionBodyLength(extensions, audioLevel);
        int headerLength = RtpHeader.FixedLength + (extensionBody > 0 ? 4 + extensionBody : 0);
        int total = headerLength + payload.Length;
        if (total > destination.Length)
        {
            return 0;
        }

        destination[0] = (byte)(0x80 | (extensionBody > 0 ? 0x10 : 0));
        destination[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        if (extensionBody > 0)
        {
            WriteExtensions(destination[RtpHeader.FixedLength..headerLength], extensionBody, extensions, audioLevel);
        }

        payload.CopyTo(destination[headerLength..]);
        return total;
    }

    private static int ExtensionBodyLength(in SubscriberExtensions extensions, int audioLevel)
    {
        int length = 0;
        if (extensions.MidId > 0 && extensions.Mid.Length > 0)
        {
            length += 1 + extensions.Mid.Length;
        }

        if (extensions.AudioLevelId > 0 && audioLevel >= 0)
        {
            length += 2;
        }

        if (extensions.TransportCcId > 0)
        {
            length += 1 + TransportSequenceNumberExtension.Length;
        }

        return (length + 3) & ~3;
    }

    private static void WriteExtensions(Span<byte> block, int bodyLength, in SubscriberExtensions extensions, int audioLevel)
    {
        BinaryPrimitives.WriteUInt16BigEndian(block, OneByteProfile);
        BinaryPrimitives.WriteUInt16BigEndian(block[2..], (ushort)(bodyLength / 4));
        Span<byte> body = block[4..];
        body.Clear();
        int offset = 0;
        if (extensions.MidId > 0 && extensions.Mid.Length > 0)
        {
            body[offset++] = (byte)((extensions.MidId << 4) | (extensions.Mid.Length - 1));
            extensions.Mid.AsSpan().CopyTo(body[offset..]);
            offset += extensions.Mid.Length;
        }

        if (extensions.AudioLevelId > 0 && audioLevel >= 0)
        {
            body[offset++] = (byte)(extensions.AudioLevelId << 4);
            body[offset++] = (byte)audioLevel;
        }

        if (extensions.TransportCcId > 0)
        {
            // Left zero: the number is the subscriber transport's, stamped when the packet is sent.
            body[offset] = (byte)((extensions.TransportCcId << 4) | (TransportSequenceNumberExtension.Length - 1));
        }
    }
}

/// <summary>The header extensions a subscriber negotiated on one m= line (one-byte ids 1-14; 0 = not negotiated).</summary>
public readonly struct SubscriberExtensions(int midId, byte[] mid, int audioLevelId, int transportCcId = 0)
{
    public int MidId { get; } = midId is > 0 and < 15 && mid.Length is > 0 and <= 16 ? midId : 0;

    public byte[] Mid { get; } = mid;

    public int AudioLevelId { get; } = audioLevelId is > 0 and < 15 ? audioLevelId : 0;

    /// <summary>The transport-wide sequence number element's id (draft-holmer-rmcat-transport-wide-cc-extensions-01).</summary>
    public int TransportCcId { get; } = transportCcId is > 0 and < 15 ? transportCcId : 0;
}
