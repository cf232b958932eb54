using Sfu.Crypto.Srtp;

namespace Sfu.Tests.Crypto.Srtp;

public class RtpIndexEstimatorTests
{
    // RFC 3711 Appendix A: rows are (ROC, s_l, SEQ) -> expected ROC of the guess.
    [Theory]
    [InlineData(0u, 100, 101, 0L)]
    [InlineData(0u, 100, 50, 0L)]
    [InlineData(0u, 65535, 0, 1L)] // wrap forward
    [InlineData(0u, 65500, 10, 1L)]
    [InlineData(1u, 5, 65530, 0L)] // late packet from before the wrap
    [InlineData(1u, 32767, 65535, 1L)] // exactly half a range ahead is not "behind"
    [InlineData(1u, 32767, 0, 1L)]
    [InlineData(1u, 32768, 0, 1L)] // s_l - 32768 = 0 is not > 0
    [InlineData(1u, 32769, 0, 2L)]
    [InlineData(7u, 40000, 40000, 7L)]
    public void GuessesTheRolloverCounter(uint roc, int highestSequence, int sequence, long expectedRoc)
    {
        ulong highest = ((ulong)roc << 16) | (uint)highestSequence;

        Assert.True(RtpIndexEstimator.TryEstimate(highest, (ushort)sequence, out ulong index));
        Assert.Equal(((ulong)expectedRoc << 16) | (uint)sequence, index);
    }

    [Fact]
    public void ALatePacketBeforeTheFirstWrapHasNoValidIndex()
    {
        Assert.False(RtpIndexEstimator.TryEstimate(10, 65000, out _));
    }

    [Fact]
    public void TheRolloverCounterCannotPassThirtyTwoBits()
    {
        ulong highest = ((ulong)uint.MaxValue << 16) | 65535;
        Assert.False(RtpIndexEstimator.TryEstimate(highest, 0, out _));
    }
}
