using System.Buffers.Binary;

namespace Sfu.Wire.Rtcp;

/// <summary>
/// A reception report block of an SR or RR (RFC 3550 section 6.4.1):
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 SSRC_n (SSRC of the reported source)          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | fraction lost |       cumulative number of packets lost       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           extended highest sequence number received           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      interarrival jitter                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         last SR (LSR)                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   delay since last SR (DLSR)                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly struct ReportBlock
{
    /// <summary>Length of one report block.</summary>
    public const int Length = 24;

    /// <summary>Smallest cumulative loss a signed 24-bit field holds.</summary>
    public const int MinCumulativeLost = -0x80_0000;

    /// <summary>Largest cumulative loss a signed 24-bit field holds.</summary>
    public const int MaxCumulativeLost = 0x7F_FFFF;

    /// <summary>Creates a block; <paramref name="cumulativeLost"/> is clamped to 24 bits when written.</summary>
    public ReportBlock(
        uint ssrc, byte fractionLost, int cumulativeLost, uint highestSequenceNumber,
        uint jitter, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        Ssrc = ssrc;
        FractionLost = fractionLost;
        CumulativeLost = cumulativeLost;
        HighestSequenceNumber = highestSequenceNumber;
        Jitter = jitter;
        LastSenderReport = lastSenderReport;
        DelaySinceLastSenderReport = delaySinceLastSenderReport;
    }

    /// <summary>The source this block reports on.</summary>
    public uint Ssrc { get; }

    /// <summary>Fraction lost since the previous report, in 1/256 units.</summary>
    public byte FractionLost { get; }

    /// <summary>Cumulative packets lost (signed 24-bit: duplicates can make it negative).</summary>
    public int CumulativeLost { get; }

    /// <summary>Extended highest sequence number received (cycles in the high 16 bits).</summary>
    public uint HighestSequenceNumber { get; }

    /// <summary>Interarrival jitter in RTP timestamp units.</summary>
    public uint Jitter { get; }

    /// <summary>Middle 32 bits of the NTP timestamp of the last SR received (0 if none).</summary>
    public uint LastSenderReport { get; }

    /// <summary>Delay since that SR was received, in units of 1/65536 seconds.</summary>
    public uint DelaySinceLastSenderReport { get; }

    /// <summary>Reads a block from the first 24 bytes of <paramref name="data"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out ReportBlock block)
    {
        if (data.Length < Length)
        {
            block = default;
            return false;
        }

        // Sign-extend the 24-bit cumulative loss: shift it to the top of an int, then back.
        int cumulativeLost = (int)(BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4)) << 8) >> 8;
        block = new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(data),
            data[4],
            cumulativeLost,
            BinaryPrimitives.ReadUInt32BigEndian(data.Slice(8)),
            BinaryPrimitives.ReadUInt32BigEndian(data.Slice(12)),
            BinaryPrimitives.ReadUInt32BigEndian(data.Slice(16)),
            BinaryPrimitives.ReadUInt32BigEndian(data.Slice(20)));
        return true;
    }

    /// <summary>Writes the block and returns 24, or 0 if <paramref name="destination"/> is too small.</summary>
    public int Write(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            return 0;
        }

        int lost = Math.Clamp(CumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ((uint)FractionLost << 24) | ((uint)lost & 0xFF_FFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), HighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), DelaySinceLastSenderReport);
        return Length;
    }
}
