namespace Sfu.Streams;

/// <summary>
/// The values of one RTCP reception report block (RFC 3550 6.4.1), ready for a writer to put on the wire.
/// </summary>
/// <param name="Ssrc">SSRC of the source this block reports on.</param>
/// <param name="FractionLost">Packets lost since the previous report, as a fixed-point fraction of 256.</param>
/// <param name="CumulativeLost">Packets lost since the start, clamped to the 24-bit signed wire range.</param>
/// <param name="ExtendedHighestSequence">Cycles in the high 16 bits, highest sequence number in the low 16.</param>
/// <param name="Jitter">Interarrival jitter in RTP timestamp units.</param>
/// <param name="LastSenderReport">Middle 32 bits of the NTP timestamp of the last SR received, 0 if none.</param>
/// <param name="DelaySinceLastSenderReport">Delay since that SR arrived in 1/65536 s, 0 if none.</param>
public readonly record struct ReportBlockValues(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport);
