using Org.BouncyCastle.Crypto.Tls;
using Sfu.Crypto.Srtp;
using Sfu.Dtls;

namespace Sfu.Tests.Dtls;

public sealed class SrtpProfileMappingTests
{
    [Fact]
    public void Ids_match_the_rfc_5764_and_rfc_7714_registry()
    {
        Assert.Equal(0x0001, SrtpProfileMapping.ToBouncyCastle(SrtpProfile.AesCm128HmacSha1_80));
        Assert.Equal(0x0007, SrtpProfileMapping.ToBouncyCastle(SrtpProfile.AeadAes128Gcm));
        Assert.True(SrtpProfileMapping.TryFromBouncyCastle(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, out var gcm));
        Assert.Equal(SrtpProfile.AeadAes128Gcm, gcm);
        Assert.False(SrtpProfileMapping.TryFromBouncyCastle(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32, out _));
    }

    [Theory]
    [InlineData(new[] { 1, 7 }, SrtpProfile.AeadAes128Gcm)]
    [InlineData(new[] { 7, 1 }, SrtpProfile.AeadAes128Gcm)]
    [InlineData(new[] { 2, 1 }, SrtpProfile.AesCm128HmacSha1_80)]
    public void Selection_follows_our_preference_not_the_offer_order(int[] offered, SrtpProfile expected)
    {
        Assert.True(SrtpProfileMapping.TrySelect(DtlsHandshakeOptions.DefaultSrtpProfiles, offered, out var selected));
        Assert.Equal(expected, selected);
    }

    [Fact]
    public void Selection_with_cm_preferred_picks_cm()
    {
        SrtpProfile[] cmFirst = [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm];

        Assert.True(SrtpProfileMapping.TrySelect(cmFirst, [7, 1], out var selected));
        Assert.Equal(SrtpProfile.AesCm128HmacSha1_80, selected);
    }

    [Fact]
    public void Selection_without_overlap_fails()
    {
        Assert.False(SrtpProfileMapping.TrySelect(DtlsHandshakeOptions.DefaultSrtpProfiles, [2, 5, 8], out _));
        Assert.False(SrtpProfileMapping.TrySelect(DtlsHandshakeOptions.DefaultSrtpProfiles, [], out _));
    }
}
