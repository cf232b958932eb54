using Sfu.Forwarding;
using Sfu.Streams;

namespace Sfu.Tests.Forwarding;

public class KeyframeRequestThrottleTests
{
    private const long Ms = MediaTime.TicksPerMillisecond;

    [Theory]
    [InlineData(new long[] { 0, 10, 999, 1000, 1500, 2000 }, new[] { true, false, false, true, false, true })]
    [InlineData(new long[] { 5000, 5000, 6001 }, new[] { true, false, true })]
    [InlineData(new long[] { -3000, -2500, -2000 }, new[] { true, false, true })]
    public void AtMostOnePerSecond(long[] requestMs, bool[] expected)
    {
        var throttle = new KeyframeRequestThrottle();
        bool[] actual = new bool[requestMs.Length];
        for (int i = 0; i < requestMs.Length; i++)
        {
            actual[i] = throttle.TryRequest(requestMs[i] * Ms);
        }

        Assert.Equal(expected, actual);
        Assert.Equal(expected.Count(p => p), throttle.PassedCount);
        Assert.Equal(expected.Count(p => !p), throttle.SuppressedCount);
    }

    [Fact]
    public void IntervalIsConfigurable()
    {
        var throttle = new KeyframeRequestThrottle(300 * Ms);
        Assert.True(throttle.TryRequest(0));
        Assert.False(throttle.TryRequest(299 * Ms));
        Assert.True(throttle.TryRequest(300 * Ms));
    }

    [Fact]
    public void ResetLetsTheNextRequestThrough()
    {
        var throttle = new KeyframeRequestThrottle();
        Assert.True(throttle.TryRequest(0));
        Assert.False(throttle.TryRequest(100 * Ms));
        throttle.Reset();
        Assert.True(throttle.TryRequest(200 * Ms));
        Assert.False(throttle.TryRequest(300 * Ms));
    }
}
