namespace Sfu.Wire.Rtp;

/// <summary>
/// Absolute send time (http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time): a 24-bit
/// big-endian 6.18 fixed-point number of seconds, wrapping every 64 seconds. Used by REMB-style
/// bandwidth estimation.
/// </summary>
public static class AbsSendTimeExtension
{
    /// <summary>Bytes written by <see cref="Write"/>.</summary>
    public const int Length = 3;

    private const int FractionBits = 18;
    private const uint Mask = 0xFF_FFFF;
    private const long WrapTicks = 64 * TimeSpan.TicksPerSecond;

    /// <summary>Reads the 24-bit value; false if the value is shorter than 3 bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out uint absSendTime)
    {
        if (value.Length < Length)
        {
            absSendTime = 0;
            return false;
        }

        absSendTime = ((uint)value[0] << 16) | ((uint)value[1] << 8) | value[2];
        return true;
    }

    /// <summary>Writes the low 24 bits of <paramref name="absSendTime"/> and returns 3; 0 if the destination is too small.</summary>
    public static int Write(Span<byte> destination, uint absSendTime)
    {
        if (destination.Length < Length)
        {
            return 0;
        }

        destination[0] = (byte)(absSendTime >> 16);
        destination[1] = (byte)(absSendTime >> 8);
        destination[2] = (byte)absSendTime;
        return Length;
    }

    /// <summary>Converts a time in <see cref="TimeSpan"/> ticks (100 ns) to the 24-bit 6.18 wire value.</summary>
    public static uint FromTicks(long ticks)
    {
        // Reduce to the 64-second period first so the shift cannot overflow.
        long withinPeriod = ticks % WrapTicks;
        if (withinPeriod < 0)
        {
            withinPeriod += WrapTicks;
        }

        return (uint)((withinPeriod << FractionBits) / TimeSpan.TicksPerSecond) & Mask;
    }

    /// <summary>Converts a 24-bit wire value to <see cref="TimeSpan"/> ticks within its 64-second period.</summary>
    public static long ToTicks(uint absSendTime) =>
        (long)(((ulong)(absSendTime & Mask) * TimeSpan.TicksPerSecond) >> FractionBits);
}
