using Sfu.Buffers;

namespace Sfu.Tests.Buffers;

public class SerialUnwrapperTests
{
    [Theory]
    // In order, no wrap.
    [InlineData(new ushort[] { 1, 2, 3 }, new long[] { 1, 2, 3 })]
    // Forward across the wrap: 65535 -> 0 continues at 65536.
    [InlineData(new ushort[] { 65534, 65535, 0, 1 }, new long[] { 65534, 65535, 65536, 65537 })]
    // Reordered just after the wrap: 65535 arrives after 0.
    [InlineData(new ushort[] { 65534, 0, 65535, 1 }, new long[] { 65534, 65536, 65535, 65537 })]
    // Loss across the wrap: 65000 then 500 is 1,036 ahead.
    [InlineData(new ushort[] { 65000, 500 }, new long[] { 65000, 66036 })]
    // Reordering before the first packet unwraps below it, even below zero.
    [InlineData(new ushort[] { 0, 65535, 1 }, new long[] { 0, -1, 1 })]
    // Late packet does not move the reference: 10 after 30,000 is still behind.
    [InlineData(new ushort[] { 100, 30000, 10, 30001 }, new long[] { 100, 30000, 10, 30001 })]
    // Large jumps: just under half the range forward twice crosses the wrap.
    [InlineData(new ushort[] { 0, 32767, 65534, 0 }, new long[] { 0, 32767, 65534, 65536 })]
    // Exactly half the range ahead is ambiguous and read as behind; one less is forward.
    [InlineData(new ushort[] { 0, 32768, 1 }, new long[] { 0, -32768, 1 })]
    [InlineData(new ushort[] { 0, 32769 }, new long[] { 0, -32767 })]
    // Duplicates unwrap to the same value.
    [InlineData(new ushort[] { 7, 7, 8, 7 }, new long[] { 7, 7, 8, 7 })]
    public void UnwrapsSequenceNumbers(ushort[] input, long[] expected)
    {
        Assert.Equal(expected, UnwrapAll(new SerialUnwrapper<ushort>(), input));
    }

    [Theory]
    // 90 kHz video, 3000 per frame, no wrap.
    [InlineData(new uint[] { 1000, 4000, 7000 }, new long[] { 1000, 4000, 7000 })]
    // Across the 32-bit wrap at 2^32 - 1 -> 0.
    [InlineData(new uint[] { 4294967295, 0 }, new long[] { 4294967295, 4294967296 })]
    [InlineData(new uint[] { 4294964296, 1000, 4000 }, new long[] { 4294964296, 4294968296, 4294971296 })]
    // Older timestamp after the wrap (e.g. B-frame or reordering) stays behind.
    [InlineData(new uint[] { 4294967000, 500, 4294966000 }, new long[] { 4294967000, 4294967796, 4294966000 })]
    // Earlier than the first timestamp goes negative.
    [InlineData(new uint[] { 100, 4294967196 }, new long[] { 100, -100 })]
    // Just under half the range is forward; exactly half is ambiguous and read as behind.
    [InlineData(new uint[] { 0, 2147483647 }, new long[] { 0, 2147483647 })]
    [InlineData(new uint[] { 0, 2147483648 }, new long[] { 0, -2147483648 })]
    [InlineData(new uint[] { 0, 2147483649 }, new long[] { 0, -2147483647 })]
    public void UnwrapsTimestamps(uint[] input, long[] expected)
    {
        Assert.Equal(expected, UnwrapAll(new SerialUnwrapper<uint>(), input));
    }

    [Fact]
    public void CountsManySequenceWrapsMonotonically()
    {
        var unwrapper = new SerialUnwrapper<ushort>();
        ushort sequenceNumber = 60000;
        for (long expected = 60000; expected < 60000 + (5 * 65536); expected++, sequenceNumber++)
        {
            Assert.Equal(expected, unwrapper.Unwrap(sequenceNumber));
        }

        Assert.Equal(60000 + (5 * 65536) - 1, unwrapper.Highest);
    }

    [Fact]
    public void CountsSeveralTimestampWrapsWithLargeSteps()
    {
        var unwrapper = new SerialUnwrapper<uint>();
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
    public void PeekDoesNotMoveTheReference()
    {
        var unwrapper = new SerialUnwrapper<ushort>();
        Assert.False(unwrapper.HasStarted);
        unwrapper.Unwrap(65535);
        Assert.Equal(65536, unwrapper.Peek(0));
        Assert.Equal(65535, unwrapper.Highest);
        Assert.Equal(65536 + 20000, unwrapper.Peek(20000));
        Assert.Equal(65536 + 20000, unwrapper.Unwrap(20000));
    }

    [Fact]
    public void ResetStartsOver()
    {
        var unwrapper = new SerialUnwrapper<uint>();
        unwrapper.Unwrap(uint.MaxValue);
        unwrapper.Unwrap(5);
        unwrapper.Reset();
        Assert.False(unwrapper.HasStarted);
        Assert.Equal(5, unwrapper.Unwrap(5));
        Assert.True(unwrapper.HasStarted);
    }

    private static long[] UnwrapAll<T>(SerialUnwrapper<T> unwrapper, T[] input)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IUnsignedNumber<T>, System.Numerics.IMinMaxValue<T>
    {
        long[] actual = new long[input.Length];
        for (int i = 0; i < input.Length; i++)
        {
            actual[i] = unwrapper.Unwrap(input[i]);
        }

        return actual;
    }
}
