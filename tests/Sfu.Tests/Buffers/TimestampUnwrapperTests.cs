using Sfu.Buffers;

namespace Sfu.Tests.Buffers;

public class TimestampUnwrapperTests
{
    [Theory]
    // 90 kHz video, 3000 per frame, no wrap.
    [InlineData(new uint[] { 1000, 4000, 7000 }, new long[] { 1000, 4000, 7000 })]
    // Across the 32-bit wrap.
    [InlineData(new uint[] { 4294964296, 1000, 4000 }, new long[] { 4294964296, 4294968296, 4294971296 })]
    // Older timestamp after the wrap (e.g. B-frame or reordering) stays behind.
    [InlineData(new uint[] { 4294967000, 500, 4294966000 }, new long[] { 4294967000, 4294967796, 4294966000 })]
    // Earlier than the first timestamp goes negative.
    [InlineData(new uint[] { 100, 4294967196 }, new long[] { 100, -100 })]
    // Exactly half the range ahead is forward; one more is behind.
    [InlineData(new uint[] { 0, 2147483648 }, new long[] { 0, 2147483648 })]
    [InlineData(new uint[] { 0, 2147483649 }, new long[] { 0, -2147483647 })]
    public void UnwrapsTable(uint[] input, long[] expected)
    {
        var unwrapper = new TimestampUnwrapper();
        long[] actual = new long[input.Length];
        for (int i = 0; i < input.Length; i++)
        {
            actual[i] = unwrapper.Unwrap(input[i]);
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void CountsSeveralWrapsWithLargeSteps()
    {
        var unwrapper = new TimestampUnwrapper();
        const uint step = 1_000_000_007; // under half the range, so every step is forward
        uint timestamp = 123;
        long expected = 123;
        for (int i = 0; i < 50; i++, timestamp += step, expected += step)
        {
            Assert.Equal(expected, unwrapper.Unwrap(timestamp));
        }

        Assert.True(unwrapper.Highest > 10L * uint.MaxValue);
    }

    [Fact]
    public void PeekAndReset()
    {
        var unwrapper = new TimestampUnwrapper();
        unwrapper.Unwrap(uint.MaxValue);
        Assert.Equal(1L << 32, unwrapper.Peek(0));
        Assert.Equal(uint.MaxValue, unwrapper.Highest);
        unwrapper.Reset();
        Assert.False(unwrapper.HasStarted);
        Assert.Equal(0, unwrapper.Unwrap(0));
    }
}
