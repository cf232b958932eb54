using Sfu.Streams;

namespace Sfu.Tests.Streams;

public class MediaTimeTests
{
    // RFC 3550 6.4.1 figure 2: 10 Nov 1995 11:33:25.125 UTC is NTP 0xb44db705:20000000.
    [Fact]
    public void NtpOfTheRfcExample()
    {
        ulong ntp = MediaTime.DateTimeToNtp(new DateTime(1995, 11, 10, 11, 33, 25, 125, DateTimeKind.Utc));
        Assert.Equal(0xB44DB705_20000000UL, ntp);
        Assert.Equal(0xB7052000u, MediaTime.NtpToCompact(ntp));
    }

    [Fact]
    public void UnixEpochInNtp()
    {
        Assert.Equal((ulong)MediaTime.NtpToUnixEpochSeconds << 32, MediaTime.UnixTicksToNtp(0));
        Assert.Equal(((ulong)MediaTime.NtpToUnixEpochSeconds << 32) | 0x80000000UL, MediaTime.UnixTicksToNtp(MediaTime.TicksPerSecond / 2));
    }

    [Theory]
    [InlineData(10_000_000L, 90000, 90000L)]
    [InlineData(200_000L, 48000, 960L)]
    [InlineData(333_333L, 90000, 2999L)]
    [InlineData(4_000_000_000_000_000L, 90000, 36_000_000_000_000L)] // no overflow for huge tick counts
    public void TicksToRtpUnits(long ticks, int clockRate, long expected)
    {
        Assert.Equal(expected, MediaTime.TicksToRtpUnits(ticks, clockRate));
    }

    [Theory]
    [InlineData(0L, 0u)]
    [InlineData(-5L, 0u)]
    [InlineData(15_000_000L, 98304u)]
    [InlineData(655_360_000_000L, uint.MaxValue)]
    public void TicksToCompactUnits(long ticks, uint expected)
    {
        Assert.Equal(expected, MediaTime.TicksToCompactUnits(ticks));
    }

    [Fact]
    public void CompactRoundTrip()
    {
        Assert.Equal(15_000_000L, MediaTime.CompactUnitsToTicks(98304));
        Assert.Equal(2_500_000L, MediaTime.RtpUnitsToTicks(22500, 90000));
        Assert.Equal(0L, MediaTime.RtpUnitsToTicks(22500, 0));
    }
}
