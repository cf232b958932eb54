namespace Sfu.Crypto.Srtp;

/// <summary>The SRTP protection profiles we negotiate through DTLS use_srtp (RFC 5764 section 4.1.2, RFC 7714 section 14.2).</summary>
public enum SrtpProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (0x0001): 16-byte key, 14-byte salt, 10-byte tag.</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM (0x0007): 16-byte key, 12-byte salt, 16-byte tag.</summary>
    AeadAes128Gcm = 0x0007,
}
