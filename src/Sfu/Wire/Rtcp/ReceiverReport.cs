using System.Buffers.Binary;

namespace Sfu.Wire.Rtcp;

/// <summary>
/// RR: receiver report (RFC 3550 section 6.4.2). After the common header (RC = number of report
/// blocks, PT = 201): SSRC of the packet sender, then RC report blocks and an optional
/// profile-specific extension.
/// </summary>
public readonly ref struct ReceiverReport
{
    /// <summary>Length of an RR without report blocks (common header included).</summary>
    public const int MinLength = 8;

    /// <summary>Most report blocks one RR can carry (5-bit count).</summary>
    public const int MaxReportBlocks = 31;

    private ReceiverReport(ReadOnlySpan<byte> packet, RtcpHeader header)
    {
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4));
        int blocksEnd = MinLength + (header.Count * ReportBlock.Length);
        ReportBlocks = new ReportBlockList(packet.Slice(MinLength), header.Count);
        ProfileExtension = packet.Slice(blocksEnd, RtcpHeader.Length + header.PayloadLength - blocksEnd);
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint Ssrc { get; }

    /// <summary>The reception report blocks.</summary>
    public ReportBlockList ReportBlocks { get; }

    /// <summary>Profile-specific extension bytes after the report blocks (usually empty).</summary>
    public ReadOnlySpan<byte> ProfileExtension { get; }

    /// <summary>Reads the RR at the start of <paramref name="packet"/>; false if it is not a well-formed RR.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out ReceiverReport report)
    {
        report = default;
        if (!RtcpHeader.TryRead(packet, out RtcpHeader header) || header.PacketType != RtcpPacketType.ReceiverReport
            || RtcpHeader.Length + header.PayloadLength < MinLength + (header.Count * ReportBlock.Length))
        {
            return false;
        }

        report = new ReceiverReport(packet, header);
        return true;
    }

    /// <summary>Length of an RR with <paramref name="reportBlockCount"/> blocks.</summary>
    public static int GetLength(int reportBlockCount) => MinLength + (reportBlockCount * ReportBlock.Length);

    /// <summary>Writes an RR and returns its length, or 0 if it does not fit or there are more than 31 blocks.</summary>
    public static int Write(Span<byte> destination, uint ssrc, ReadOnlySpan<ReportBlock> reportBlocks = default)
    {
        int length = GetLength(reportBlocks.Length);
        if (reportBlocks.Length > MaxReportBlocks || length > destination.Length)
        {
            return 0;
        }

        RtcpHeader.Write(destination, reportBlocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        for (int i = 0; i < reportBlocks.Length; i++)
        {
            reportBlocks[i].Write(destination.Slice(MinLength + (i * ReportBlock.Length)));
        }

        return length;
    }
}
