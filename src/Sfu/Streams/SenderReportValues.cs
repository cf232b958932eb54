namespace Sfu.Streams;

/// <summary>The sender information of an RTCP sender report (RFC 3550 6.4.1), ready for a writer.</summary>
/// <param name="Ssrc">SSRC of the stream the report describes.</param>
/// <param name="NtpTimestamp">Wallclock of the report as a 64-bit NTP timestamp.</param>
/// <param name="RtpTimestamp">The same instant in the stream's RTP timestamp units.</param>
/// <param name="PacketCount">RTP packets sent since the start (wraps at 2^32).</param>
/// <param name="OctetCount">RTP payload octets sent since the start, headers and padding excluded (wraps at 2^32).</param>
public readonly record struct SenderReportValues(
    uint Ssrc,
    ulong NtpTimestamp,
    uint RtpTimestamp,
    uint PacketCount,
    uint OctetCount);
