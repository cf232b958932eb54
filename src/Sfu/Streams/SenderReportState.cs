using Sfu.Buffers;

namespace Sfu.Streams;

/// <summary>
/// What the SFU needs to write sender reports (RFC 3550 6.4.1) for one stream it sends: packet and
/// octet counts and the last RTP timestamp with the time it was sent, from which the RTP timestamp of
/// the report instant is extrapolated.
/// </summary>
/// <remarks>
/// Single owner, no locks, no allocation. <c>nowTicks</c> values are engine ticks (see <see cref="MediaTime"/>);
/// the NTP wallclock for a report comes from the caller (<see cref="MediaTime.UnixTicksToNtp"/>).
/// </remarks>
public sealed class SenderReportState
{
    private bool _hasSent;
    private uint _lastRtpTimestamp;
    private long _lastSentTicks;

    /// <summary>Creates the state of one sent stream.</summary>
    /// <param name="ssrc">The SSRC the SFU sends the stream with.</param>
    /// <param name="clockRate">The RTP clock rate in Hz.</param>
    public SenderReportState(uint ssrc, int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        Ssrc = ssrc;
        ClockRate = clockRate;
    }

    /// <summary>SSRC of the sent stream.</summary>
    public uint Ssrc { get; }

    /// <summary>RTP clock rate of the sent stream in Hz.</summary>
    public int ClockRate { get; }

    /// <summary>RTP packets sent, wrapping at 2^32 as the SR field does.</summary>
    public uint PacketCount { get; private set; }

    /// <summary>Payload octets sent, wrapping at 2^32 as the SR field does.</summary>
    public uint OctetCount { get; private set; }

    /// <summary>Accounts one sent RTP packet (not retransmissions: RFC 3550 counts original data only).</summary>
    /// <param name="rtpTimestamp">The packet's (rewritten) RTP timestamp.</param>
    /// <param name="payloadLength">Payload bytes, without header, extensions and padding.</param>
    /// <param name="nowTicks">When the packet was sent, in engine ticks.</param>
    public void OnPacketSent(uint rtpTimestamp, int payloadLength, long nowTicks)
    {
        unchecked
        {
            PacketCount++;
            OctetCount += (uint)Math.Max(payloadLength, 0);
        }

        // The newest timestamp, not the last one sent: an older packet sent out of order must not
        // pull the extrapolation base backwards.
        if (!_hasSent || SerialNumber.Difference(_lastRtpTimestamp, rtpTimestamp) >= 0)
        {
            _lastRtpTimestamp = rtpTimestamp;
            _lastSentTicks = nowTicks;
        }

        _hasSent = true;
    }

    /// <summary>
    /// Builds the sender information for a report sent at <paramref name="nowTicks"/>, whose wallclock is
    /// <paramref name="ntpTimestamp"/>. The RTP timestamp is the last sent one advanced by the time since
    /// it was sent, converted with the clock rate.
    /// </summary>
    /// <returns>false when nothing was sent yet (a receiver-only report should be sent instead).</returns>
    public bool TryGetSenderReport(long nowTicks, ulong ntpTimestamp, out SenderReportValues values)
    {
        if (!_hasSent)
        {
            values = default;
            return false;
        }

        long elapsed = Math.Max(nowTicks - _lastSentTicks, 0);
        uint rtpTimestamp = unchecked(_lastRtpTimestamp + (uint)MediaTime.TicksToRtpUnits(elapsed, ClockRate));
        values = new SenderReportValues(Ssrc, ntpTimestamp, rtpTimestamp, PacketCount, OctetCount);
        return true;
    }
}
