using Sfu.Streams;

namespace Sfu.Tests.Streams;

public class RttEstimatorTests
{
    private const long Ms = MediaTime.TicksPerMillisecond;

    // RFC 3550 6.4.1 figure 2: A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s),
    // DLSR = 0x0005:4000 (5.250 s), so the round trip took 0x0006:2000 = 6.125 s.
    [Fact]
    public void RfcExample()
    {
        var estimator = new RttEstimator();
        Assert.True(estimator.TryAddSample(0xB7052000, 0x00054000, 0xB7108000, out long rtt));
        Assert.Equal(6125 * Ms, rtt);
        Assert.Equal(6125 * Ms, estimator.LatestRttTicks);
        Assert.Equal(6125 * Ms, estimator.SmoothedRttTicks);
        Assert.True(estimator.HasEstimate);
    }

    [Theory]
    [InlineData(0u, 0u, 0x10000u, "no SR received yet")]
    [InlineData(0x10000u, 0x20000u, 0x20000u, "DLSR larger than the elapsed time")]
    [InlineData(0x90000000u, 0u, 0x10000000u, "report from before the SR")]
    public void RejectsUnusableBlocks(uint lsr, uint dlsr, uint arrival, string why)
    {
        var estimator = new RttEstimator();
        Assert.False(estimator.TryAddSample(lsr, dlsr, arrival, out _), why);
        Assert.False(estimator.HasEstimate);
    }

    [Fact]
    public void WorksAcrossTheCompactClockWrap()
    {
        var estimator = new RttEstimator();
        // SR at 0xFFFF:8000 (half a second before the wrap); report held 0.25 s, arrives 0x0000:8000.
        Assert.True(estimator.TryAddSample(0xFFFF8000, 0x00004000, 0x00008000, out long rtt));
        Assert.Equal(750 * Ms, rtt);
    }

    [Fact]
    public void SmoothsWithGainOneEighth()
    {
        var estimator = new RttEstimator();
        estimator.TryAddSample(0x10000, 0, 0x10000 + (80 << 16) / 1000 + 1, out _); // about 80 ms
        long first = estimator.SmoothedRttTicks;
        estimator.TryAddSample(0x10000, 0, 0x10000 + (160 << 16) / 1000 + 1, out long second);
        Assert.Equal(first + ((second - first) >> 3), estimator.SmoothedRttTicks);
        Assert.Equal(second, estimator.LatestRttTicks);
        Assert.InRange(second, 159 * Ms, 161 * Ms);
    }
}
