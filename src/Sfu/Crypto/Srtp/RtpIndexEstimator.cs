using Sfu.Buffers;

namespace Sfu.Crypto.Srtp;

/// <summary>
/// Guesses the 48-bit SRTP packet index i = 2^16 * ROC + SEQ of a received sequence number from the
/// highest index seen so far (RFC 3711 section 3.3.1 and Appendix A), so the rollover counter follows
/// sequence wraps and reordering across them.
/// </summary>
/// <remarks>
/// RFC 3711's guess of v (ROC - 1, ROC or ROC + 1) picks the index closest to the highest one, which is
/// <see cref="SerialNumber.Extend{T}"/>. The two differ only at the half-range tie (SEQ exactly 2^15 away
/// from s_l), where Appendix A keeps v = ROC: ahead of s_l when s_l &lt; 2^15, behind it otherwise.
/// </remarks>
internal static class RtpIndexEstimator
{
    private const long HalfRange = 1 << 15;
    private const int RolloverShift = 16;

    /// <summary>Estimates the index of <paramref name="sequenceNumber"/> relative to <paramref name="highestIndex"/>.</summary>
    /// <returns>False when the guess would need a ROC below 0 or above 2^32 - 1.</returns>
    public static bool TryEstimate(ulong highestIndex, ushort sequenceNumber, out ulong index)
    {
        long highest = (long)highestIndex;
        long guess = SerialNumber.Extend(highest, sequenceNumber);
        if (highest - guess == HalfRange && (guess >> RolloverShift) != (highest >> RolloverShift))
        {
            guess += 1L << RolloverShift; // the tie: RFC 3711 keeps the current ROC
        }

        if (guess < 0 || (guess >> RolloverShift) > uint.MaxValue)
        {
            index = 0;
            return false;
        }

        index = (ulong)guess;
        return true;
    }
}
