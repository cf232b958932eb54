using Sfu.Streams;

namespace Sfu.Tests.Streams;

public class BitrateMeterTests
{
    private const long Millisecond = MediaTime.TicksPerMillisecond;

    [Fact]
    public void Measures_a_steady_stream_over_its_window()
    {
        var meter = new BitrateMeter(500 * Millisecond);
        long now = 0;
        for (int i = 0; i < 200; i++)
        {
            meter.OnPacket(1250, now); // 1250 bytes every 10 ms = 1 Mbit/s
            now += 10 * Millisecond;
        }

        Assert.InRange(meter.BitsPerSecond(now), 950_000, 1_050_000);
        Assert.Equal(meter.BitsPerSecond(now), meter.LastKnownBitsPerSecond);
    }

    [Fact]
    public void A_stopped_stream_reads_zero_but_remembers_what_it_cost()
    {
        var meter = new BitrateMeter(500 * Millisecond);
        long now = 0;
        for (int i = 0; i < 100; i++)
        {
            meter.OnPacket(500, now);
            now += 10 * Millisecond;
        }

        long flowing = meter.BitsPerSecond(now);
        Assert.True(flowing > 0);
        now += 2_000 * Millisecond;
        Assert.Equal(0, meter.BitsPerSecond(now));
        Assert.Equal(flowing, meter.LastKnownBitsPerSecond);
    }

    [Fact]
    public void Nothing_measured_reads_zero() => Assert.Equal(0, new BitrateMeter().BitsPerSecond(12345));
}
