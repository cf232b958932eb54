using System.Buffers.Binary;
using Sfu.Buffers;

namespace Sfu.Wire.Rtcp;

/// <summary>
/// Writes transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1);
/// <see cref="TransportCcFeedback"/> reads it.
/// </summary>
public static class TransportCcFeedbackWriter
{
    /// <summary>
    /// Builds a feedback message for <paramref name="packets"/> and returns its length, or 0 when
    /// the list is empty or not in increasing sequence order (gaps up to 32,767 are reported as not
    /// received), a received delta does not fit 16 signed bits, more than 65,535 statuses would be
    /// needed, or the message does not fit <paramref name="destination"/>. The base sequence number
    /// is the first packet's. Like libwebrtc, the message is padded to 32 bits with RTCP padding.
    /// </summary>
    public static int Write(
        Span<byte> destination, uint senderSsrc, uint mediaSsrc, uint referenceTime, byte feedbackPacketCount,
        ReadOnlySpan<TransportCcPacket> packets)
    {
        if (packets.IsEmpty || destination.Length < TransportCcFeedback.FixedLength)
        {
            return 0;
        }

        // Pass 1: validate, count statuses and delta bytes, and write the chunks after the fixed part.
        var chunks = new TransportCcChunkEncoder(destination, TransportCcFeedback.FixedLength);
        ushort baseSequenceNumber = packets[0].SequenceNumber;
        ushort expected = baseSequenceNumber;
        int statusCount = 0;
        int deltaBytes = 0;
        for (int i = 0; i < packets.Length; i++)
        {
            int missing = (int)SerialNumber.Difference(expected, packets[i].SequenceNumber);
            if (missing < 0 || statusCount + missing + 1 > ushort.MaxValue)
            {
                return 0; // repeated, backwards, or too long a report
            }

            for (int m = 0; m < missing; m++)
            {
                chunks.Add((int)TransportCcStatus.NotReceived);
            }

            int symbol = GetSymbol(packets[i]);
            if (symbol < 0)
            {
                return 0;
            }

            chunks.Add(symbol);
            deltaBytes += symbol;
            statusCount += missing + 1;
            expected = (ushort)(packets[i].SequenceNumber + 1);
        }

        chunks.Flush();
        int deltaOffset = chunks.Offset;
        int unpadded = deltaOffset + deltaBytes;
        int length = (unpadded + 3) & ~3;
        if (chunks.Overflow || length > destination.Length || length > RtcpHeader.MaxPacketLength)
        {
            return 0;
        }

        // Pass 2: receive deltas, in sequence order, for received packets only.
        int offset = deltaOffset;
        for (int i = 0; i < packets.Length; i++)
        {
            int symbol = GetSymbol(packets[i]);
            if (symbol == (int)TransportCcStatus.ReceivedSmallDelta)
            {
                destination[offset++] = (byte)packets[i].DeltaTicks;
            }
            else if (symbol == (int)TransportCcStatus.ReceivedLargeDelta)
            {
                BinaryPrimitives.WriteInt16BigEndian(destination.Slice(offset), (short)packets[i].DeltaTicks);
                offset += 2;
            }
        }

        RtcpFeedback.Write(destination, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.TransportCc, length, senderSsrc, mediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(12), baseSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(14), (ushort)statusCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), ((referenceTime & 0xFF_FFFF) << 8) | feedbackPacketCount);
        if (length > unpadded)
        {
            destination.Slice(unpadded, length - unpadded - 1).Clear();
            destination[length - 1] = (byte)(length - unpadded);
            RtcpHeader.SetPadding(destination);
        }

        return length;
    }

    /// <summary>The status symbol for a packet, or -1 if its delta cannot be encoded.</summary>
    private static int GetSymbol(in TransportCcPacket packet)
    {
        if (!packet.Received)
        {
            return (int)TransportCcStatus.NotReceived;
        }

        if (packet.DeltaTicks is >= 0 and <= byte.MaxValue)
        {
            return (int)TransportCcStatus.ReceivedSmallDelta;
        }

        return packet.DeltaTicks is >= short.MinValue and <= short.MaxValue ? (int)TransportCcStatus.ReceivedLargeDelta : -1;
    }
}
