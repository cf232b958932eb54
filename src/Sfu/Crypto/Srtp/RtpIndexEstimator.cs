namespace Sfu.Crypto.Srtp;

/// <summary>
/// Guesses the 48-bit SRTP packet index i = 2^16 * ROC + SEQ of a received sequence number from the
/// highest index seen so far (RFC 3711 section 3.3.1 and Appendix A), so the rollover counter follows
/// sequence wraps and reordering across them.
/// </summary>
internal static class RtpIndexEstimator
{
    private const int HalfRange = 32768;

    /// <summary>Estimates the index of <paramref name="sequenceNumber"/> relative to <paramref name="highestIndex"/>.</summary>
    /// <returns>False when the guess would need a ROC below 0 or above 2^32 - 1.</returns>
    public static bool TryEstimate(ulong highestIndex, ushort sequenceNumber, out ulong index)
    {
        long rolloverCounter = (long)(highestIndex >> 16);
        int highestSequence = (int)(highestIndex & 0xFFFF);
        long guess;
        if (highestSequence < HalfRange)
        {
            guess = sequenceNumber - highestSequence > HalfRange ? rolloverCounter - 1 : rolloverCounter;
        }
        else
        {
            guess = highestSequence - HalfRange > sequenceNumber ? rolloverCounter + 1 : rolloverCounter;
        }

        if (guess < 0 || guess > uint.MaxValue)
        {
            index = 0;
            return false;
        }

        index = ((ulong)guess << 16) | sequenceNumber;
        return true;
    }
}
