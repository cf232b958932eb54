using System.Buffers.Binary;

namespace Sfu.Wire.Rtp;

/// <summary>
/// Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 2):
/// a 16-bit big-endian counter shared by every RTP stream on the transport, echoed back in
/// transport-cc feedback.
/// </summary>
public static class TransportSequenceNumberExtension
{
    /// <summary>Bytes written by <see cref="Write"/>.</summary>
    public const int Length = 2;

    /// <summary>Reads the sequence number; false if the value is shorter than 2 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ushort sequenceNumber) =>
        BinaryPrimitives.TryReadUInt16BigEndian(value, out sequenceNumber);

    /// <summary>Writes the sequence number and returns 2; 0 if <paramref name="destination"/> is too small.</summary>
    public static int Write(Span<byte> destination, ushort sequenceNumber) =>
        BinaryPrimitives.TryWriteUInt16BigEndian(destination, sequenceNumber) ? Length : 0;

    /// <summary>
    /// Rewrites the sequence number in place in an RTP packet (the SFU stamps its own per-subscriber
    /// counter on forwarded packets); false if the packet has no 2-byte element with <paramref name="id"/>.
    /// </summary>
    public static bool TryRewrite(Span<byte> packet, in RtpHeader header, int id, ushort sequenceNumber) =>
        RtpHeaderExtensions.TryFindWritable(packet, header, id, out Span<byte> value)
        && value.Length == Length
        && Write(value, sequenceNumber) == Length;
}
