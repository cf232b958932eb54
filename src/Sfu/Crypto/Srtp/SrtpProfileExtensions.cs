namespace Sfu.Crypto.Srtp;

/// <summary>Sizes that follow from a protection profile (RFC 5764 section 4.1.2, RFC 7714 section 14.2).</summary>
public static class SrtpProfileExtensions
{
    /// <summary>Master key length in bytes (16 for both AES-128 profiles).</summary>
    public static int MasterKeyLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 16,
        SrtpProfile.AeadAes128Gcm => 16,
        _ => throw Unsupported(profile),
    };

    /// <summary>Master salt length in bytes: 112 bits for AES-CM, 96 bits for AES-GCM.</summary>
    public static int MasterSaltLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 14,
        SrtpProfile.AeadAes128Gcm => 12,
        _ => throw Unsupported(profile),
    };

    /// <summary>Bytes SRTP appends to an RTP packet: the 80-bit HMAC tag or the 128-bit GCM tag.</summary>
    public static int RtpOverhead(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 10,
        SrtpProfile.AeadAes128Gcm => 16,
        _ => throw Unsupported(profile),
    };

    /// <summary>Bytes SRTCP appends to an RTCP packet: the 4-byte E flag and index plus the tag.</summary>
    public static int RtcpOverhead(this SrtpProfile profile) => profile.RtpOverhead() + 4;

    /// <summary>
    /// Length of the DTLS-SRTP exporter output (RFC 5764 section 4.2): two master keys and two master salts,
    /// 60 bytes for AES-CM and 56 for AES-GCM.
    /// </summary>
    public static int KeyingMaterialLength(this SrtpProfile profile) => 2 * (profile.MasterKeyLength() + profile.MasterSaltLength());

    /// <summary>Session authentication key length: 160 bits for HMAC-SHA1, none for AEAD (RFC 7714 section 12).</summary>
    internal static int AuthenticationKeyLength(this SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 20,
        SrtpProfile.AeadAes128Gcm => 0,
        _ => throw Unsupported(profile),
    };

    private static ArgumentOutOfRangeException Unsupported(SrtpProfile profile) =>
        new(nameof(profile), profile, "Unsupported SRTP protection profile.");
}
