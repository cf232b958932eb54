using Sfu.Client;

namespace Sfu.IntegrationTests.Client;

/// <summary>The receive throttle's token bucket, on a clock in seconds: its burst, its refill, and lifting it.</summary>
public sealed class ClientReceiveRateLimiterTests
{
    private const long Second = 1_000_000;

    [Fact]
    public void Admits_a_burst_then_the_configured_rate_and_drops_the_rest()
    {
        var limiter = new ClientReceiveRateLimiter(Second);
        Assert.True(limiter.Admit(1200, 0)); // no limit yet
        limiter.SetLimit(800_000); // 100,000 bytes/s; the bucket holds 50 ms: 5,000 bytes
        int admitted = 0;
        for (int i = 0; i < 10; i++)
        {
            admitted += limiter.Admit(1000, 0) ? 1 : 0;
        }

        Assert.Equal(5, admitted);
        Assert.Equal(5, limiter.Dropped);

        // One second of 1000-byte datagrams every 2 ms (4 Mbit/s offered): about 100 kB gets through.
        admitted = 0;
        for (long t = 2_000; t <= Second; t += 2_000)
        {
            admitted += limiter.Admit(1000, t) ? 1 : 0;
        }

        Assert.InRange(admitted, 99, 101);
        limiter.SetLimit(0);
        Assert.True(limiter.Admit(60_000, Second));
        Assert.Equal(0, limiter.BitsPerSecond);
    }
}
