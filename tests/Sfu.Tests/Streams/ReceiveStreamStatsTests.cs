using Sfu.Streams;

namespace Sfu.Tests.Streams;

public class ReceiveStreamStatsTests
{
    private const long Ms = MediaTime.TicksPerMillisecond;

    [Fact]
    public void NoReportBeforeTheFirstPacket()
    {
        var stats = new ReceiveStreamStats(0x1234, 90000);
        Assert.False(stats.TryGetReportBlock(0, out _));
        Assert.Equal(0, stats.PacketsExpected);
    }

    [Fact]
    public void CleanStreamReportsNoLoss()
    {
        var stats = new ReceiveStreamStats(0x1234, 90000);
        for (ushort seq = 1000; seq < 1100; seq++)
        {
            stats.OnPacket(seq, seq * 2970u, seq * 33 * Ms); // 33 ms = 2970 units at 90 kHz: no jitter
        }

        Assert.True(stats.TryGetReportBlock(0, out ReportBlockValues block));
        Assert.Equal(new ReportBlockValues(0x1234, 0, 0, 1099, 0, 0, 0), block);
    }

    // 110 sequence numbers with 10 missing: fraction lost = (10 << 8) / 110 = 23 (RFC 3550 A.3).
    // The next interval has no loss: fraction 0, cumulative still 10.
    [Fact]
    public void FractionAndCumulativeLoss()
    {
        var stats = new ReceiveStreamStats(7, 8000);
        for (ushort seq = 0; seq < 110; seq++)
        {
            if (seq % 11 != 5)
            {
                stats.OnPacket(seq, seq * 160u, 0);
            }
        }

        Assert.Equal(110, stats.PacketsExpected);
        Assert.Equal(100, stats.PacketsReceived);
        Assert.True(stats.TryGetReportBlock(0, out ReportBlockValues first));
        Assert.Equal(23, first.FractionLost);
        Assert.Equal(10, first.CumulativeLost);
        Assert.Equal(109u, first.ExtendedHighestSequence);

        for (ushort seq = 110; seq < 150; seq++)
        {
            stats.OnPacket(seq, seq * 160u, 0);
        }

        Assert.True(stats.TryGetReportBlock(0, out ReportBlockValues second));
        Assert.Equal(0, second.FractionLost);
        Assert.Equal(10, second.CumulativeLost);
        Assert.Equal(149u, second.ExtendedHighestSequence);
    }

    [Fact]
    public void IntervalWithHalfLostReports128()
    {
        var stats = new ReceiveStreamStats(7, 8000);
        stats.OnPacket(0, 0, 0);
        stats.TryGetReportBlock(0, out _);
        for (ushort seq = 2; seq <= 20; seq += 2)
        {
            stats.OnPacket(seq, 0, 0);
        }

        stats.TryGetReportBlock(0, out ReportBlockValues block);
        Assert.Equal(128, block.FractionLost); // 10 of 20 expected in the interval
        Assert.Equal(10, block.CumulativeLost);
    }

    [Fact]
    public void DuplicatesMakeLossNegativeAndFractionZero()
    {
        var stats = new ReceiveStreamStats(7, 8000);
        foreach (ushort seq in new ushort[] { 0, 1, 1, 2, 2 })
        {
            stats.OnPacket(seq, 0, 0);
        }

        stats.TryGetReportBlock(0, out ReportBlockValues block);
        Assert.Equal(-2, block.CumulativeLost);
        Assert.Equal(0, block.FractionLost);
    }

    [Fact]
    public void WrapCountsACycle()
    {
        var stats = new ReceiveStreamStats(7, 8000);
        for (int i = 0; i < 12; i++)
        {
            stats.OnPacket((ushort)(65530 + i), 0, 0);
        }

        Assert.Equal(65536u + 5, stats.ExtendedHighestSequence);
        Assert.Equal(12, stats.PacketsExpected);
        Assert.Equal(0, stats.PacketsLost);
    }

    [Fact]
    public void ReorderingDoesNotMoveTheHighestSequence()
    {
        var stats = new ReceiveStreamStats(7, 8000);
        foreach (ushort seq in new ushort[] { 65534, 1, 65535, 0 })
        {
            stats.OnPacket(seq, 0, 0);
        }

        Assert.Equal(65536u + 1, stats.ExtendedHighestSequence);
        Assert.Equal(0, stats.PacketsLost);
    }

    // RFC 3550 A.1: one packet far away is ignored, two sequential ones restart the numbering.
    [Fact]
    public void LargeJumpRestartsOnlyOnTwoSequentialPackets()
    {
        var stats = new ReceiveStreamStats(7, 8000);
        stats.OnPacket(100, 0, 0);
        stats.OnPacket(101, 0, 0);
        stats.OnPacket(40000, 0, 0);
        Assert.Equal(101u, stats.ExtendedHighestSequence);
        Assert.Equal(2, stats.PacketsReceived);

        stats.OnPacket(40001, 0, 0);
        Assert.Equal(40001u, stats.ExtendedHighestSequence);
        Assert.Equal(1, stats.PacketsReceived);
        Assert.Equal(1, stats.PacketsExpected);
    }

    // Hand-computed RFC 3550 A.8 jitter at 8 kHz (1 unit = 125 us), packets every 20 ms (160 units), some
    // arriving 5 ms (40 units) late: transit 0, 40, 0, 40, 40, ... so |D| = 40, 40, 40, then 0 nine times.
    // Integer form J16 += |D| - ((J16 + 8) >> 4):
    //   40, 77, 112, 105, 98, 92, 86, 81, 76, 71, 67, 63; reported J16 >> 4: 2, 4, 7, 6, 6, 5, 5, 5, 4, 4, 4, 3.
    // (Real-valued J = 2.5, 4.84, 7.04, 6.6, ...; without the +8 rounding the 10th value would be 5.)
    [Fact]
    public void JitterFollowsTheRfcEstimator()
    {
        long origin = 1_000_000_000_000; // any origin: only differences matter
        var stats = new ReceiveStreamStats(7, 8000);
        int[] lateMs = { 0, 5, 0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5 };
        uint[] expected = { 0, 2, 4, 7, 6, 6, 5, 5, 5, 4, 4, 4, 3 };
        for (int i = 0; i < lateMs.Length; i++)
        {
            long arrival = origin + (i * 20 + lateMs[i]) * Ms;
            stats.OnPacket((ushort)i, 5_000u + (uint)(i * 160), arrival);
            Assert.Equal(expected[i], stats.Jitter);
        }

        stats.TryGetReportBlock(0, out ReportBlockValues block);
        Assert.Equal(3u, block.Jitter);
        Assert.Equal(3 * 1250L, stats.JitterTicks); // 3 units of 125 us
    }

    [Fact]
    public void ReorderedPacketsDoNotFeedTheJitter()
    {
        var stats = new ReceiveStreamStats(7, 8000);
        stats.OnPacket(0, 0, 0);
        stats.OnPacket(2, 320, 40 * Ms);
        stats.OnPacket(1, 160, 100 * Ms); // 80 ms late, but out of order
        Assert.Equal(0u, stats.Jitter);
    }

    [Fact]
    public void JitterHandlesTimestampWrap()
    {
        var stats = new ReceiveStreamStats(7, 90000);
        uint ts = uint.MaxValue - 3000;
        for (int i = 0; i < 50; i++)
        {
            stats.OnPacket((ushort)i, unchecked(ts + (uint)(i * 3000)), i * 33_333_3L);
        }

        Assert.InRange(stats.Jitter, 0u, 2u); // steady 30 fps: only rounding noise
    }

    // LSR is the middle 32 bits of the SR's NTP timestamp; DLSR the delay since it arrived in 1/65536 s.
    [Fact]
    public void LastSenderReportAndDelay()
    {
        var stats = new ReceiveStreamStats(7, 90000);
        stats.OnPacket(1, 0, 0);
        stats.OnSenderReport(0xB44DB705_20000000, 10 * MediaTime.TicksPerSecond);
        stats.TryGetReportBlock(10 * MediaTime.TicksPerSecond + 1500 * Ms, out ReportBlockValues block);
        Assert.Equal(0xB7052000u, block.LastSenderReport);
        Assert.Equal(98304u, block.DelaySinceLastSenderReport); // 1.5 * 65536
    }

    // RFC 3550 A.1 boundaries: a jump of MAX_DROPOUT (3000) is already "very large"; a step back of up to
    // less than MAX_MISORDER (100) is a reordered packet (counted), 100 back is a large jump too (ignored once).
    [Theory]
    [InlineData(2999, 2999u + 10, 2)]
    [InlineData(3000, 10u, 1)]
    [InlineData(65536 - 99, 10u, 2)]
    [InlineData(65536 - 100, 10u, 1)]
    public void DropoutAndMisorderBoundaries(int step, uint expectedHighest, long expectedReceived)
    {
        var stats = new ReceiveStreamStats(7, 8000);
        stats.OnPacket(10, 0, 0);
        stats.OnPacket((ushort)(10 + step), 0, 0);
        Assert.Equal(expectedHighest, stats.ExtendedHighestSequence);
        Assert.Equal(expectedReceived, stats.PacketsReceived);
    }

    [Fact]
    public void CumulativeLossIsClampedTo24Bits()
    {
        var stats = new ReceiveStreamStats(7, 8000);
        ushort seq = 0;
        stats.OnPacket(seq, 0, 0);
        // Advance by 2999 (within MAX_DROPOUT) many times: 2998 lost per step, ~9.7M lost in total.
        for (int i = 0; i < 3300; i++)
        {
            seq = unchecked((ushort)(seq + 2999));
            stats.OnPacket(seq, 0, 0);
        }

        stats.TryGetReportBlock(0, out ReportBlockValues block);
        Assert.True(stats.PacketsLost > 0x7FFFFF);
        Assert.Equal(0x7FFFFF, block.CumulativeLost);
        Assert.Equal(255, block.FractionLost); // 2998/2999 rounds down to 255 of 256
    }
}
