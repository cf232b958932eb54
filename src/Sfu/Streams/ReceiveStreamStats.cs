using Sfu.Buffers;

namespace Sfu.Streams;

/// <summary>
/// Reception statistics of one incoming RTP stream (one SSRC): sequence tracking, loss and
/// interarrival jitter as RFC 3550 appendix A.1, A.3 and A.8 define them, and the values for
/// the reception report block the SFU sends back to the publisher.
/// </summary>
/// <remarks>
/// Single owner (the room loop), no locks, no allocation. Times are engine ticks (see <see cref="MediaTime"/>).
/// The RFC's probation for new sources is left out: packets reach this type only after SRTP
/// authentication, which already proves the source is real.
/// </remarks>
public sealed class ReceiveStreamStats
{
    // RFC 3550 A.1 constants.
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const uint SequenceModulus = 1 << 16;
    private const uint NoBadSequence = SequenceModulus + 1;
    private const int MaxCumulativeLost = 0x7FFFFF;
    private const int MinCumulativeLost = -0x800000;

    private bool _started;
    private long _extendedMax; // the RFC's cycles + max_seq, extended to 64 bits since the last restart
    private uint _baseSequence;
    private uint _badSequence = NoBadSequence;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;

    private bool _hasTransit;
    private uint _transit; // arrival - timestamp modulo 2^32; only differences of it mean anything
    private long _jitterQ4; // jitter scaled by 16, RFC 3550 A.8 integer form

    private bool _hasSenderReport;
    private uint _lastSenderReportCompact;
    private long _lastSenderReportArrivalTicks;

    /// <summary>Creates the statistics of one incoming stream.</summary>
    /// <param name="ssrc">The stream's SSRC, reported in the report block.</param>
    /// <param name="clockRate">The RTP clock rate in Hz (e.g. 90000 for video, 48000 for Opus).</param>
    public ReceiveStreamStats(uint ssrc, int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        Ssrc = ssrc;
        ClockRate = clockRate;
    }

    /// <summary>SSRC of the stream.</summary>
    public uint Ssrc { get; }

    /// <summary>RTP clock rate of the stream in Hz.</summary>
    public int ClockRate { get; }

    /// <summary>Packets counted as received, duplicates included (RFC 3550 A.3 counts them too).</summary>
    public long PacketsReceived => _received;

    /// <summary>Extended highest sequence number: wrap count in the high bits, highest seq in the low 16.</summary>
    public uint ExtendedHighestSequence => unchecked((uint)_extendedMax);

    /// <summary>Packets expected since the first one, from the sequence number range (RFC 3550 A.3).</summary>
    public long PacketsExpected => _started ? _extendedMax - _baseSequence + 1 : 0;

    /// <summary>Cumulative packets lost (expected minus received), negative when duplicates arrived.</summary>
    public long PacketsLost => PacketsExpected - _received;

    /// <summary>Current interarrival jitter estimate in RTP timestamp units.</summary>
    public uint Jitter => (uint)Math.Min(_jitterQ4 >> 4, uint.MaxValue);

    /// <summary>Current interarrival jitter estimate in engine ticks.</summary>
    public long JitterTicks => MediaTime.RtpUnitsToTicks(Jitter, ClockRate);

    /// <summary>Accounts one received packet.</summary>
    /// <param name="sequenceNumber">The packet's 16-bit RTP sequence number.</param>
    /// <param name="rtpTimestamp">The packet's RTP timestamp.</param>
    /// <param name="arrivalTicks">When the packet arrived, in engine ticks.</param>
    public void OnPacket(ushort sequenceNumber, uint rtpTimestamp, long arrivalTicks)
    {
        if (!_started)
        {
            Restart(sequenceNumber);
            _started = true;
            _received = 1;
            UpdateJitter(rtpTimestamp, arrivalTicks, isFirst: true);
            return;
        }

        // RFC 3550 A.1 update_seq(), without probation. The RFC's unsigned udelta is read as a signed serial
        // number difference: in order is 1..MAX_DROPOUT - 1 ahead, reordered is up to MAX_MISORDER behind.
        long delta = SerialNumber.Difference(unchecked((ushort)_extendedMax), sequenceNumber);
        if (delta > 0 && delta < MaxDropout)
        {
            // In order, with a permissible gap; moving the extended number forward counts the wraps.
            _extendedMax += delta;
            UpdateJitter(rtpTimestamp, arrivalTicks, isFirst: false);
        }
        else if (delta >= MaxDropout || delta <= -MaxMisorder)
        {
            // A very large jump. Two sequential packets in a row mean the sender restarted its
            // numbering; a single one is ignored as garbage.
            if (sequenceNumber == _badSequence)
            {
                Restart(sequenceNumber);
                UpdateJitter(rtpTimestamp, arrivalTicks, isFirst: true);
            }
            else
            {
                _badSequence = (uint)((sequenceNumber + 1) & (SequenceModulus - 1));
                return;
            }
        }

        // Otherwise a duplicate or a reordered packet: counted, but it does not move the highest seq,
        // and it is kept out of the jitter estimate like libwebrtc does (its transit time is not news).
        _received++;
    }

    /// <summary>Remembers the last sender report from this source, for LSR and DLSR (RFC 3550 6.4.1).</summary>
    /// <param name="ntpTimestamp">The 64-bit NTP timestamp carried in the SR.</param>
    /// <param name="arrivalTicks">When the SR arrived, in engine ticks.</param>
    public void OnSenderReport(ulong ntpTimestamp, long arrivalTicks)
    {
        _hasSenderReport = true;
        _lastSenderReportCompact = MediaTime.NtpToCompact(ntpTimestamp);
        _lastSenderReportArrivalTicks = arrivalTicks;
    }

    /// <summary>
    /// Fills the report block for this source and starts a new reporting interval (the fraction lost
    /// of the next block covers the packets after this call, RFC 3550 A.3).
    /// </summary>
    /// <returns>false when no packet has been received yet (RFC 3550 6.4: report only active sources).</returns>
    public bool TryGetReportBlock(long nowTicks, out ReportBlockValues block)
    {
        if (!_started)
        {
            block = default;
            return false;
        }

        long expected = PacketsExpected;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _received - _receivedPrior;
        long lostInterval = expectedInterval - receivedInterval;
        _expectedPrior = expected;
        _receivedPrior = _received;

        byte fraction = expectedInterval == 0 || lostInterval <= 0
            ? (byte)0
            : (byte)Math.Min((lostInterval << 8) / expectedInterval, 255);

        int cumulativeLost = (int)Math.Clamp(PacketsLost, MinCumulativeLost, MaxCumulativeLost);

        uint lsr = 0;
        uint dlsr = 0;
        if (_hasSenderReport)
        {
            lsr = _lastSenderReportCompact;
            dlsr = MediaTime.TicksToCompactUnits(nowTicks - _lastSenderReportArrivalTicks);
        }

        block = new ReportBlockValues(Ssrc, fraction, cumulativeLost, ExtendedHighestSequence, Jitter, lsr, dlsr);
        return true;
    }

    // RFC 3550 A.1 init_seq().
    private void Restart(ushort sequenceNumber)
    {
        _baseSequence = sequenceNumber;
        _extendedMax = sequenceNumber;
        _badSequence = NoBadSequence;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
    }

    // RFC 3550 A.8: J += (|D| - J) / 16, kept as 16 * J in integers.
    private void UpdateJitter(uint rtpTimestamp, long arrivalTicks, bool isFirst)
    {
        uint arrival = unchecked((uint)MediaTime.TicksToRtpUnits(arrivalTicks, ClockRate));
        uint transit = unchecked(arrival - rtpTimestamp);
        if (isFirst || !_hasTransit)
        {
            _transit = transit;
            _hasTransit = true;
            return;
        }

        // D(i-1, i) of RFC 3550 6.4.1: the change in transit time, a 32-bit wrapping difference.
        long d = SerialNumber.Difference(_transit, transit);
        _transit = transit;
        if (d < 0)
        {
            d = -d;
        }

        _jitterQ4 += d - ((_jitterQ4 + 8) >> 4);
    }
}
