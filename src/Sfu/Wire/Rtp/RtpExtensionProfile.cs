namespace Sfu.Wire.Rtp;

/// <summary>The "defined by profile" values of the RTP header extension forms of RFC 8285.</summary>
public static class RtpExtensionProfile
{
    /// <summary>One-byte header form (RFC 8285 section 4.2): ids 1-14, values of 1-16 bytes.</summary>
    public const ushort OneByte = 0xBEDE;

    /// <summary>Two-byte header form (RFC 8285 section 4.3): 0x100 followed by 4 application bits.</summary>
    public const ushort TwoByte = 0x1000;

    /// <summary>Mask selecting the fixed 12 bits of the two-byte profile (the low 4 are "appbits").</summary>
    public const ushort TwoByteMask = 0xFFF0;

    /// <summary>Highest id usable in the one-byte form; 15 is reserved and stops parsing.</summary>
    public const int OneByteMaxId = 14;

    /// <summary>Longest value the one-byte form can carry.</summary>
    public const int OneByteMaxValueLength = 16;

    /// <summary>Longest value the two-byte form can carry.</summary>
    public const int TwoByteMaxValueLength = 255;

    /// <summary>True for 0xBEDE.</summary>
    public static bool IsOneByte(int profile) => profile == OneByte;

    /// <summary>True for 0x1000-0x100F.</summary>
    public static bool IsTwoByte(int profile) => (profile & TwoByteMask) == TwoByte;
}
