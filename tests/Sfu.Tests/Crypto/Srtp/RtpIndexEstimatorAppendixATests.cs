using Sfu.Crypto.Srtp;

namespace Sfu.Tests.Crypto.Srtp;

/// <summary>
/// RtpIndexEstimator is built on the shared serial number arithmetic; these check it still makes RFC 3711
/// Appendix A's guess, for SEQ values around each wrap and the half-range tie, from every s_l near 0, 2^15 and
/// 2^16 - 1 and a spread of the others.
/// </summary>
public class RtpIndexEstimatorAppendixATests
{
    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(77u)]
    [InlineData(uint.MaxValue)]
    public void MatchesTheAppendixAGuess(uint roc)
    {
        int[] offsets = [0, 1, -1, 2999, -100, 32767, -32767, 32768, -32768, 32769, 65535];
        for (int highestSequence = 0; highestSequence < 65536; highestSequence += NearAnEdge(highestSequence) ? 1 : 61)
        {
            ulong highest = ((ulong)roc << 16) | (uint)highestSequence;
            foreach (int offset in offsets)
            {
                ushort sequence = unchecked((ushort)(highestSequence + offset));
                long expectedRoc = AppendixAGuess(roc, highestSequence, sequence);
                bool valid = expectedRoc is >= 0 and <= uint.MaxValue;

                Assert.Equal(valid, RtpIndexEstimator.TryEstimate(highest, sequence, out ulong index));
                if (valid)
                {
                    Assert.Equal(((ulong)expectedRoc << 16) | sequence, index);
                }
            }
        }
    }

    private static bool NearAnEdge(int sequence) => sequence is < 64 or > 65471 or (> 32704 and < 32832);

    // The v-guess of RFC 3711 Appendix A, as the RFC states it.
    private static long AppendixAGuess(long roc, int highestSequence, int sequence)
    {
        if (highestSequence < 32768)
        {
            return sequence - highestSequence > 32768 ? roc - 1 : roc;
        }

        return highestSequence - 32768 > sequence ? roc + 1 : roc;
    }
}
