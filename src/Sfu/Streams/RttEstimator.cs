namespace Sfu.Streams;

/// <summary>
/// Round-trip time from the LSR and DLSR fields of received reception reports (RFC 3550 6.4.1):
/// RTT = A - LSR - DLSR, all in compact NTP (1/65536 s), where A is the report's arrival time.
/// </summary>
/// <remarks>
/// Keeps the latest sample and an exponentially smoothed value (gain 1/8, as TCP's SRTT in RFC 6298).
/// Single owner, no locks, no allocation.
/// </remarks>
public sealed class RttEstimator
{
    private const int SmoothingShift = 3;

    /// <summary>Whether at least one sample was taken.</summary>
    public bool HasEstimate { get; private set; }

    /// <summary>The latest RTT sample in engine ticks, 0 before the first.</summary>
    public long LatestRttTicks { get; private set; }

    /// <summary>The smoothed RTT in engine ticks, 0 before the first sample.</summary>
    public long SmoothedRttTicks { get; private set; }

    /// <summary>Computes an RTT sample from one report block and folds it into the estimate.</summary>
    /// <param name="lastSenderReport">The block's LSR field (middle 32 bits of our SR's NTP time).</param>
    /// <param name="delaySinceLastSenderReport">The block's DLSR field, 1/65536 s.</param>
    /// <param name="arrivalCompactNtp">When the report arrived, as compact NTP from the same wallclock our SRs use.</param>
    /// <param name="rttTicks">The sample, in engine ticks.</param>
    /// <returns>false when the block carries no SR reference (LSR 0) or the result is negative (clock trouble).</returns>
    public bool TryAddSample(uint lastSenderReport, uint delaySinceLastSenderReport, uint arrivalCompactNtp, out long rttTicks)
    {
        rttTicks = 0;
        if (lastSenderReport == 0)
        {
            return false;
        }

        // Modular 32-bit arithmetic: the compact NTP clock wraps every 18 hours.
        uint sinceReport = unchecked(arrivalCompactNtp - lastSenderReport);
        if (sinceReport < delaySinceLastSenderReport || sinceReport > int.MaxValue)
        {
            return false;
        }

        rttTicks = MediaTime.CompactUnitsToTicks(sinceReport - delaySinceLastSenderReport);
        LatestRttTicks = rttTicks;
        SmoothedRttTicks = HasEstimate
            ? SmoothedRttTicks + ((rttTicks - SmoothedRttTicks) >> SmoothingShift)
            : rttTicks;
        HasEstimate = true;
        return true;
    }
}
