using System.Buffers.Binary;

namespace Sfu.Wire.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (RTPFB, FMT 15;
/// draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1):
/// <code>
/// |V=2|P|  FMT=15 |    PT=205     |           length              |
/// |                     SSRC of packet sender                     |
/// |                      SSRC of media source                     |
/// |      base sequence number     |      packet status count      |
/// |                 reference time                | fb pkt. count |
/// |          packet chunk         |         packet chunk          |
/// .                                                               .
/// |         packet chunk          |  recv delta   |  recv delta   |
/// .                                                               .
/// |           recv delta          |  recv delta   | zero padding  |
/// </code>
/// Packet chunks (16 bits) are either a run-length chunk (<c>0 | S(2) | run length(13)</c>) or a
/// status vector chunk (<c>1 | 0 | 14 one-bit symbols</c> or <c>1 | 1 | 7 two-bit symbols</c>).
/// Each received packet then has a receive delta of 1 byte (unsigned) or 2 bytes (signed), in
/// multiples of 250 µs. The reference time is in multiples of 64 ms.
/// </summary>
public readonly ref struct TransportCcFeedback
{
    /// <summary>Microseconds per delta tick.</summary>
    public const int DeltaTickMicroseconds = 250;

    /// <summary>Delta ticks per reference-time unit (64 ms / 250 µs).</summary>
    public const int TicksPerReferenceTimeUnit = 256;

    /// <summary>Length of the message up to the first packet chunk.</summary>
    public const int FixedLength = 20;

    private const int ChunkLength = 2;

    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;

    private TransportCcFeedback(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas)
    {
        SenderSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4));
        MediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8));
        BaseSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(12));
        PacketStatusCount = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(14));
        ReferenceTime = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(16)) >> 8;
        FeedbackPacketCount = packet[19];
        _chunks = chunks;
        _deltas = deltas;
    }

    /// <summary>SSRC of the feedback sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source (unused by transport-wide CC; often 0 or the first stream's SSRC).</summary>
    public uint MediaSsrc { get; }

    /// <summary>Transport-wide sequence number of the first reported packet.</summary>
    public ushort BaseSequenceNumber { get; }

    /// <summary>Number of reported packets, starting at <see cref="BaseSequenceNumber"/>.</summary>
    public ushort PacketStatusCount { get; }

    /// <summary>Reference time: 24 bits, in multiples of 64 ms, as sent (not sign-extended).</summary>
    public uint ReferenceTime { get; }

    /// <summary>Feedback packet count: lets the media sender detect lost feedback.</summary>
    public byte FeedbackPacketCount { get; }

    /// <summary>For <c>foreach</c> over the <see cref="PacketStatusCount"/> reported packets.</summary>
    public TransportCcPacketEnumerator GetEnumerator() =>
        new(_chunks, _deltas, BaseSequenceNumber, PacketStatusCount, (long)ReferenceTime * TicksPerReferenceTimeUnit);

    /// <summary>
    /// Reads the feedback at the start of <paramref name="packet"/>, validating every chunk and that
    /// all receive deltas are present; false on reserved symbols or truncation. Bytes after the last
    /// delta (zero padding) are ignored.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out TransportCcFeedback feedback)
    {
        feedback = default;
        if (!RtcpFeedback.TryRead(packet, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.TransportCc, out _, out _, out ReadOnlySpan<byte> fci)
            || fci.Length < FixedLength - RtcpFeedback.HeaderLength)
        {
            return false;
        }

        ReadOnlySpan<byte> body = fci.Slice(FixedLength - RtcpFeedback.HeaderLength);
        int remaining = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(14));
        int offset = 0;
        int deltaBytes = 0;
        while (remaining > 0)
        {
            if (offset + ChunkLength > body.Length)
            {
                return false;
            }

            int chunk = BinaryPrimitives.ReadUInt16BigEndian(body.Slice(offset));
            offset += ChunkLength;
            int count = Math.Min(GetChunkCapacity(chunk), remaining);
            for (int i = 0; i < count; i++)
            {
                int symbol = GetSymbol(chunk, i);
                if (symbol > (int)TransportCcStatus.ReceivedLargeDelta)
                {
                    return false; // reserved symbol
                }

                deltaBytes += symbol; // the symbol is the delta size in bytes
            }

            remaining -= count;
        }

        if (offset + deltaBytes > body.Length)
        {
            return false;
        }

        feedback = new TransportCcFeedback(packet, body.Slice(0, offset), body.Slice(offset, deltaBytes));
        return true;
    }

    /// <summary>Number of statuses a chunk carries: its run length, 14 (one-bit vector) or 7 (two-bit vector).</summary>
    internal static int GetChunkCapacity(int chunk) =>
        (chunk & 0x8000) == 0 ? chunk & 0x1FFF : (chunk & 0x4000) == 0 ? 14 : 7;

    /// <summary>The status symbol at position <paramref name="index"/> (&lt; capacity) of a chunk.</summary>
    internal static int GetSymbol(int chunk, int index)
    {
        if ((chunk & 0x8000) == 0)
        {
            return (chunk >> 13) & 0x3; // run length: one symbol repeated
        }

        return (chunk & 0x4000) == 0
            ? (chunk >> (13 - index)) & 0x1          // 14 one-bit symbols, first in the high bit
            : (chunk >> (12 - (2 * index))) & 0x3;   // 7 two-bit symbols
    }
}
