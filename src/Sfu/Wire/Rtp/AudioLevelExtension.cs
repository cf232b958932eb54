namespace Sfu.Wire.Rtp;

/// <summary>
/// Client-to-mixer audio level (RFC 6464 section 3): one byte, <c>V(1 bit) | level(7 bits)</c>,
/// where V is the voice activity flag and level is the audio level in -dBov (0 = loudest, 127 = silence).
/// </summary>
public static class AudioLevelExtension
{
    /// <summary>Bytes written by <see cref="Write"/>.</summary>
    public const int Length = 1;

    /// <summary>Reads the first byte of the element value; false if it is empty.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out bool voiceActivity, out byte levelDbov)
    {
        if (value.IsEmpty)
        {
            voiceActivity = false;
            levelDbov = 0;
            return false;
        }

        voiceActivity = (value[0] & 0x80) != 0;
        levelDbov = (byte)(value[0] & 0x7F);
        return true;
    }

    /// <summary>Writes the element value (level clamped to 127) and returns 1; 0 if <paramref name="destination"/> is empty.</summary>
    public static int Write(Span<byte> destination, bool voiceActivity, byte levelDbov)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        destination[0] = (byte)((voiceActivity ? 0x80 : 0) | Math.Min(levelDbov, (byte)127));
        return Length;
    }
}
