using Sfu.Streams;

namespace Sfu.Tests.Streams;

public class SenderReportStateTests
{
    private const long Ms = MediaTime.TicksPerMillisecond;

    [Fact]
    public void NothingToReportBeforeTheFirstPacket()
    {
        var state = new SenderReportState(1, 90000);
        Assert.False(state.TryGetSenderReport(0, 0, out _));
    }

    // Last packet ts 4000 sent at 33 ms; the report at 133 ms is 100 ms later = 9000 units at 90 kHz.
    [Fact]
    public void CountsAndExtrapolatesTheTimestamp()
    {
        var state = new SenderReportState(0xABCD, 90000);
        state.OnPacketSent(1000, 100, 0);
        state.OnPacketSent(4000, 200, 33 * Ms);
        state.OnPacketSent(1000, 50, 40 * Ms); // an older timestamp sent late does not move the base

        ulong ntp = MediaTime.UnixTicksToNtp(0);
        Assert.True(state.TryGetSenderReport(133 * Ms, ntp, out SenderReportValues report));
        Assert.Equal(new SenderReportValues(0xABCD, ntp, 13000, 3, 350), report);
    }

    [Fact]
    public void TimestampAndCountsWrap()
    {
        var state = new SenderReportState(1, 48000);
        state.OnPacketSent(uint.MaxValue - 100, int.MaxValue, 0);
        state.OnPacketSent(uint.MaxValue - 50, int.MaxValue, 0);
        state.OnPacketSent(uint.MaxValue - 10, 10, 0);
        Assert.True(state.TryGetSenderReport(20 * Ms, 0, out SenderReportValues report));
        Assert.Equal(949u, report.RtpTimestamp); // 2^32 - 11 + 960 (20 ms at 48 kHz), mod 2^32
        Assert.Equal(8u, report.OctetCount); // 2 * (2^31 - 1) + 10, mod 2^32
        Assert.Equal(3u, report.PacketCount);
    }
}
