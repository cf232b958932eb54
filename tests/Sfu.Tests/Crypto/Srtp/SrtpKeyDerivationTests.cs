using Sfu.Crypto.Srtp;
using static Sfu.Tests.Crypto.Srtp.SrtpTestData;

namespace Sfu.Tests.Crypto.Srtp;

public class SrtpKeyDerivationTests
{
    // RFC 3711 Appendix B.3.
    private static readonly byte[] MasterKey = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = Hex("0EC675AD498AFEEBB6960B3AABE6");

    [Fact]
    public void SrtpSessionKeysMatchRfc3711AppendixB3()
    {
        SrtpSessionKeys keys = SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80, MasterKey, MasterSalt);

        Assert.Equal(Hex("C61E7A93744F39EE10734AFE3FF7A087"), keys.RtpEncryptionKey);
        Assert.Equal(Hex("30CBBC08863D8C85D49DB34A9AE1"), keys.RtpSalt);
        Assert.Equal(Hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), keys.RtpAuthenticationKey);
    }

    [Fact]
    public void FullAuthKeyStreamMatchesRfc3711AppendixB3()
    {
        // B.3 prints the 94-octet auth key (blocks x*2^16 + 0 .. 5) to show the PRF's counter.
        using var prf = new AesCounterMode(MasterKey);
        var authKey = new byte[94];
        SrtpKeyDerivation.Derive(prf, MasterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, authKey);

        Assert.Equal(
            Hex("CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE E049646C43D9327AD175578EF7227098"
                + " 6371C10C9A369AC2F94A8C5FBCDDDC25 6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"),
            authKey);
    }

    [Fact]
    public void SrtcpSessionKeysUseLabels3To5()
    {
        // Same master key and salt as B.3 with the SRTCP labels; values agree with libsrtp-derived
        // implementations and with an independent AES-CTR computation.
        SrtpSessionKeys keys = SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80, MasterKey, MasterSalt);

        Assert.Equal(Hex("4c1aa45a81f73d61c800bbb00fbb1eaa"), keys.RtcpEncryptionKey);
        Assert.Equal(Hex("8d54534feb49ae8e7993a6bd0b844fc323a93dfd"), keys.RtcpAuthenticationKey);
        Assert.Equal(Hex("9581c7ad87b3e530bf3e4454a8b3"), keys.RtcpSalt);
    }

    [Fact]
    public void GcmUsesTheTwelveByteSaltPaddedAndNoAuthKey()
    {
        // RFC 7714 section 11: AES-CM PRF with the 96-bit salt; zero-padded to 112 bits it equals the
        // first 12 bytes of the CM derivation with a salt whose last two bytes are zero.
        byte[] gcmSalt = MasterSalt[..12];
        SrtpSessionKeys gcm = SrtpSessionKeys.Derive(SrtpProfile.AeadAes128Gcm, MasterKey, gcmSalt);
        SrtpSessionKeys cmPadded = SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80, MasterKey, [.. gcmSalt, 0, 0]);

        Assert.Equal(cmPadded.RtpEncryptionKey, gcm.RtpEncryptionKey);
        Assert.Equal(cmPadded.RtpSalt[..12], gcm.RtpSalt);
        Assert.Equal(cmPadded.RtcpEncryptionKey, gcm.RtcpEncryptionKey);
        Assert.Equal(cmPadded.RtcpSalt[..12], gcm.RtcpSalt);
        Assert.Empty(gcm.RtpAuthenticationKey);
        Assert.NotEqual(gcm.RtpEncryptionKey, gcm.RtcpEncryptionKey);
    }

    [Fact]
    public void WrongKeyOrSaltLengthIsRejectedAtSetup()
    {
        Assert.Throws<ArgumentException>(() => SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80, MasterKey[..15], MasterSalt));
        Assert.Throws<ArgumentException>(() => SrtpSessionKeys.Derive(SrtpProfile.AeadAes128Gcm, MasterKey, MasterSalt));
    }
}
