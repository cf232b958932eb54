namespace Sfu.Crypto.Srtp;

/// <summary>
/// The default SRTP key derivation (RFC 3711 section 4.3) with key derivation rate 0: every session key is
/// the AES-CM PRF keyed with the master key, run from x * 2^16 where x = (label || 0^48) XOR master salt.
/// </summary>
internal static class SrtpKeyDerivation
{
    // RFC 3711 section 4.3.1 and 4.3.2: labels for the six session keys.
    public const byte RtpEncryptionLabel = 0x00;
    public const byte RtpAuthenticationLabel = 0x01;
    public const byte RtpSaltLabel = 0x02;
    public const byte RtcpEncryptionLabel = 0x03;
    public const byte RtcpAuthenticationLabel = 0x04;
    public const byte RtcpSaltLabel = 0x05;

    // The label sits right above the 48-bit (index DIV kdr), i.e. in byte 7 of the 112-bit salt.
    private const int LabelOffset = 7;

    /// <summary>Derives one session key into <paramref name="output"/> (its length is the key length).</summary>
    /// <param name="prf">AES-CM keyed with the master key.</param>
    /// <param name="masterSalt">
    /// 14 bytes for AES-CM; AES-GCM's 12-byte salt is zero-padded on the right to 112 bits
    /// (RFC 7714 section 11, as libsrtp does), so the label still lands in byte 7.
    /// </param>
    public static void Derive(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[LabelOffset] ^= label;
        prf.GenerateKeystream(iv, output);
    }
}
