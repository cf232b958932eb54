using System.Buffers.Binary;
using Sfu.Wire.Rtp;
using Sfu.Negotiation;

namespace Sfu.Routing;

/// <summary>
/// Turns an RTX retransmission (RFC 4588 section 4) back into the original packet in place: the first two
/// payload bytes are the original sequence number; SSRC (of the layer it repairs) and payload type return to the media stream's.
/// </summary>
internal static class RtxUnwrapper
{
    public static bool TryUnwrap(ref Span<byte> packet, ref RtpHeader header, Producer producer, uint mediaSsrc)
    {
        NegotiatedCodec? codec = producer.FindCodecByRtx(header.PayloadType);
        if (codec is null || header.PayloadLength < 2)
        {
            return false;
        }

        int headerLength = header.HeaderLength;
        ushort originalSequence = BinaryPrimitives.ReadUInt16BigEndian(packet[headerLength..]);

        // Slide the header two bytes forward over the OSN, so header and payload are contiguous again.
        packet[..headerLength].CopyTo(packet[2..]);
        Span<byte> unwrapped = packet[2..(headerLength + header.PayloadLength + header.PaddingLength)];
        RtpHeader.WriteSequenceNumber(unwrapped, originalSequence);
        RtpHeader.WriteSsrc(unwrapped, mediaSsrc);
        RtpHeader.WritePayloadType(unwrapped, (byte)codec.PayloadType);
        if (!RtpHeader.TryRead(unwrapped, out header))
        {
            return false;
        }

        packet = unwrapped;
        return true;
    }
}
