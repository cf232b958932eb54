namespace Sfu.Streams;

/// <summary>
/// Conversions between the engine's time unit and the units RTP and RTCP use.
/// </summary>
/// <remarks>
/// Every time value in <c>Sfu.Streams</c> and <c>Sfu.Forwarding</c> is a <see cref="long"/> count of
/// 100 ns ticks (<see cref="TimeSpan.TicksPerSecond"/> = 10^7) from an arbitrary monotonic origin, e.g.
/// <c>TimeProvider.GetElapsedTime(start).Ticks</c>. Only differences between two tick values are used,
/// except where a method says it wants a wallclock (NTP) value.
/// </remarks>
public static class MediaTime
{
    /// <summary>One second in engine ticks.</summary>
    public const long TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>One millisecond in engine ticks.</summary>
    public const long TicksPerMillisecond = TimeSpan.TicksPerMillisecond;

    /// <summary>Seconds between the NTP epoch (1900-01-01) and the Unix epoch (1970-01-01).</summary>
    public const long NtpToUnixEpochSeconds = 2_208_988_800;

    /// <summary>
    /// Converts a tick count to RTP timestamp units of <paramref name="clockRate"/> Hz, truncating.
    /// Split into whole seconds and remainder so that large tick values cannot overflow.
    /// </summary>
    public static long TicksToRtpUnits(long ticks, int clockRate)
    {
        long seconds = ticks / TicksPerSecond;
        long remainder = ticks % TicksPerSecond;
        return seconds * clockRate + remainder * clockRate / TicksPerSecond;
    }

    /// <summary>Converts a duration in RTP timestamp units of <paramref name="clockRate"/> Hz to ticks.</summary>
    public static long RtpUnitsToTicks(long units, int clockRate)
    {
        if (clockRate <= 0)
        {
            return 0;
        }

        long seconds = units / clockRate;
        long remainder = units % clockRate;
        return seconds * TicksPerSecond + remainder * TicksPerSecond / clockRate;
    }

    /// <summary>Converts a duration in ticks to the 1/65536 s unit of RTCP DLSR (RFC 3550 6.4.1), saturating at 32 bits.</summary>
    public static uint TicksToCompactUnits(long ticks)
    {
        if (ticks <= 0)
        {
            return 0;
        }

        long seconds = ticks / TicksPerSecond;
        if (seconds >= 65536)
        {
            return uint.MaxValue;
        }

        long remainder = ticks % TicksPerSecond;
        return (uint)((seconds << 16) + (remainder << 16) / TicksPerSecond);
    }

    /// <summary>Converts a duration in 1/65536 s units (compact NTP, RFC 3550 6.4.1) to ticks.</summary>
    public static long CompactUnitsToTicks(uint compact) => ((long)compact * TicksPerSecond) >> 16;

    /// <summary>
    /// Builds a 64-bit NTP timestamp (RFC 3550 4: seconds since 1900 in the high 32 bits, binary fraction
    /// in the low 32) from a wallclock given as ticks since the Unix epoch (<c>DateTime.UnixEpoch</c>).
    /// </summary>
    public static ulong UnixTicksToNtp(long unixTicks)
    {
        long ticks = unixTicks + NtpToUnixEpochSeconds * TicksPerSecond;
        ulong seconds = (ulong)(ticks / TicksPerSecond);
        ulong fraction = ((ulong)(ticks % TicksPerSecond) << 32) / TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>Builds a 64-bit NTP timestamp from a UTC <see cref="DateTime"/>.</summary>
    public static ulong DateTimeToNtp(DateTime utc) => UnixTicksToNtp(utc.Ticks - DateTime.UnixEpoch.Ticks);

    /// <summary>The middle 32 bits of an NTP timestamp, the compact form RTCP uses for LSR (RFC 3550 6.4.1).</summary>
    public static uint NtpToCompact(ulong ntp) => (uint)(ntp >> 16);
}
