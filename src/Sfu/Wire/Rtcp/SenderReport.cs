using System.Buffers.Binary;

namespace Sfu.Wire.Rtcp;

/// <summary>
/// SR: sender report (RFC 3550 section 6.4.1). After the common header (RC = number of report
/// blocks, PT = 200): SSRC of sender, NTP timestamp (64 bits), RTP timestamp, sender's packet
/// count, sender's octet count, then RC report blocks and an optional profile-specific extension.
/// </summary>
public readonly ref struct SenderReport
{
    /// <summary>Length of an SR without report blocks (common header included).</summary>
    public const int MinLength = 28;

    /// <summary>Most report blocks one SR can carry (5-bit count).</summary>
    public const int MaxReportBlocks = 31;

    private SenderReport(ReadOnlySpan<byte> packet, RtcpHeader header)
    {
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4));
        NtpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(packet.Slice(8));
        RtpTimestamp = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(16));
        PacketCount = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(20));
        OctetCount = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(24));
        int blocksEnd = MinLength + (header.Count * ReportBlock.Length);
        ReportBlocks = new ReportBlockList(packet.Slice(MinLength), header.Count);
        ProfileExtension = packet.Slice(blocksEnd, RtcpHeader.Length + header.PayloadLength - blocksEnd);
    }

    /// <summary>SSRC of the sender.</summary>
    public uint Ssrc { get; }

    /// <summary>64-bit NTP timestamp (seconds since 1900 in the high word, fraction in the low word).</summary>
    public ulong NtpTimestamp { get; }

    /// <summary>The middle 32 bits of <see cref="NtpTimestamp"/>: the LSR value a receiver echoes back.</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);

    /// <summary>RTP timestamp corresponding to <see cref="NtpTimestamp"/>.</summary>
    public uint RtpTimestamp { get; }

    /// <summary>Packets sent since the start of transmission.</summary>
    public uint PacketCount { get; }

    /// <summary>Payload octets sent since the start of transmission.</summary>
    public uint OctetCount { get; }

    /// <summary>The reception report blocks.</summary>
    public ReportBlockList ReportBlocks { get; }

    /// <summary>Profile-specific extension bytes after the report blocks (usually empty).</summary>
    public ReadOnlySpan<byte> ProfileExtension { get; }

    /// <summary>Reads the SR at the start of <paramref name="packet"/>; false if it is not a well-formed SR.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out SenderReport report)
    {
        report = default;
        if (!RtcpHeader.TryRead(packet, out RtcpHeader header) || header.PacketType != RtcpPacketType.SenderReport
            || RtcpHeader.Length + header.PayloadLength < MinLength + (header.Count * ReportBlock.Length))
        {
            return false;
        }

        report = new SenderReport(packet, header);
        return true;
    }

    /// <summary>Length of an SR with <paramref name="reportBlockCount"/> blocks.</summary>
    public static int GetLength(int reportBlockCount) => MinLength + (reportBlockCount * ReportBlock.Length);

    /// <summary>Writes an SR and returns its length, or 0 if it does not fit or there are more than 31 blocks.</summary>
    public static int Write(
        Span<byte> destination, uint ssrc, ulong ntpTimestamp, uint rtpTimestamp, uint packetCount, uint octetCount,
        ReadOnlySpan<ReportBlock> reportBlocks = default)
    {
        int length = GetLength(reportBlocks.Length);
        if (reportBlocks.Length > MaxReportBlocks || length > destination.Length)
        {
            return 0;
        }

        RtcpHeader.Write(destination, reportBlocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8), ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(24), octetCount);
        for (int i = 0; i < reportBlocks.Length; i++)
        {
            reportBlocks[i].Write(destination.Slice(MinLength + (i * ReportBlock.Length)));
        }

        return length;
    }
}
