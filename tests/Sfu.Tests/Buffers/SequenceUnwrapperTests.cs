using Sfu.Buffers;

namespace Sfu.Tests.Buffers;

public class SequenceUnwrapperTests
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
    // Exactly half the range ahead counts as forward; one more is behind.
    [InlineData(new ushort[] { 0, 32768 }, new long[] { 0, 32768 })]
    [InlineData(new ushort[] { 0, 32769 }, new long[] { 0, -32767 })]
    // Duplicates unwrap to the same value.
    [InlineData(new ushort[] { 7, 7, 8, 7 }, new long[] { 7, 7, 8, 7 })]
    public void UnwrapsTable(ushort[] input, long[] expected)
    {
        var unwrapper = new SequenceUnwrapper();
        long[] actual = new long[input.Length];
        for (int i = 0; i < input.Length; i++)
        {
            actual[i] = unwrapper.Unwrap(input[i]);
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void CountsManyWrapsMonotonically()
    {
        var unwrapper = new SequenceUnwrapper();
        ushort sequenceNumber = 60000;
        for (long expected = 60000; expected < 60000 + (5 * 65536); expected++, sequenceNumber++)
        {
            Assert.Equal(expected, unwrapper.Unwrap(sequenceNumber));
        }

        Assert.Equal(60000 + (5 * 65536) - 1, unwrapper.Highest);
    }

    [Fact]
    public void PeekDoesNotMoveTheReference()
    {
        var unwrapper = new SequenceUnwrapper();
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
        var unwrapper = new SequenceUnwrapper();
        unwrapper.Unwrap(65535);
        unwrapper.Unwrap(5);
        unwrapper.Reset();
        Assert.False(unwrapper.HasStarted);
        Assert.Equal(5, unwrapper.Unwrap(5));
        Assert.True(unwrapper.HasStarted);
    }
}
