using Sfu.Crypto.Srtp;
using static Sfu.Tests.Crypto.Srtp.SrtpTestData;

namespace Sfu.Tests.Crypto.Srtp;

/// <summary>RFC 7714 sections 16.1 and 17 (AEAD_AES_128_GCM), which give the session key and salt directly.</summary>
public class Rfc7714VectorTests
{
    private static readonly byte[] Key = Hex("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] Salt = Hex("517569642070726f2071756f"); // "Quid pro quo"

    // Section 16: header 8040f17b 8041f8d3 5501a0b2 (SEQ 0xf17b, SSRC 0x5501a0b2, ROC 0) and
    // "Gallia est omnis divisa in partes tres".
    private static readonly byte[] RtpPlain = Hex(
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573");

    // Section 16.1.1: header || ciphertext || 16-byte tag.
    private static readonly byte[] RtpProtected = Hex(
        "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833"
        + "899d7f27 beb16a91 52cf765e e4390cce");

    // Section 17: the sender report of SSRC "Mars" that 17.1 to 17.4 protect, SRTCP index 0x5d4.
    private static readonly byte[] RtcpPlain = Hex(
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef");

    // Section 17.1: header || ciphertext || tag || E=1|index.
    private static readonly byte[] RtcpProtected = Hex(
        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b"
        + "c84aa458 96cf4d2f c5abf872 45d9eade 800005d4");

    // Section 17.3: authenticated only (E=0): packet || tag || 0|index.
    private static readonly byte[] RtcpTaggedOnly = Hex(
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef"
        + "841dd968 3dd78ec9 2ae58790 125f62b3 000005d4");

    private static SrtpSession Session() =>
        SrtpSession.CreateFromSessionKeys(SrtpProfile.AeadAes128Gcm, GcmSessionKeys(Key, Salt), GcmSessionKeys(Key, Salt));

    [Fact]
    public void RtpNonceMatchesSection16()
    {
        Span<byte> nonce = stackalloc byte[12];
        AeadAesGcmTransform.BuildRtpNonce(nonce, Salt, 0x5501a0b2, 0xf17b);
        Assert.Equal(Hex("51753c6580c2726f20718414"), nonce.ToArray());
    }

    [Fact]
    public void RtcpNonceMatchesSection17()
    {
        Span<byte> nonce = stackalloc byte[12];
        AeadAesGcmTransform.BuildRtcpNonce(nonce, Salt, 0x4d617273, 0x5d4);
        Assert.Equal(Hex("517524055203726f207170bb"), nonce.ToArray());
    }

    [Fact]
    public void ProtectRtpMatchesSection16_1()
    {
        using SrtpSession session = Session();
        byte[] buffer = WithTailRoom(RtpPlain);

        SrtpStatus status = session.ProtectRtp(buffer, RtpPlain.Length, out int protectedLength);

        Assert.Equal(SrtpStatus.Ok, status);
        Assert.Equal(RtpProtected, buffer[..protectedLength]);
    }

    [Fact]
    public void UnprotectRtpMatchesSection16_1()
    {
        using SrtpSession session = Session();
        byte[] buffer = WithTailRoom(RtpProtected);

        SrtpStatus status = session.UnprotectRtp(buffer, RtpProtected.Length, out int plainLength);

        Assert.Equal(SrtpStatus.Ok, status);
        Assert.Equal(RtpPlain, buffer[..plainLength]);
    }

    [Fact]
    public void ProtectRtcpMatchesSection17_1()
    {
        using var transform = new AeadAesGcmTransform(GcmSessionKeys(Key, Salt));
        byte[] buffer = WithTailRoom(RtcpPlain);

        int protectedLength = transform.ProtectRtcp(buffer, RtcpPlain.Length, 0x4d617273, 0x5d4);

        Assert.Equal(RtcpProtected, buffer[..protectedLength]);
    }

    [Fact]
    public void UnprotectRtcpMatchesSection17_1()
    {
        using SrtpSession session = Session();
        byte[] buffer = WithTailRoom(RtcpProtected);

        SrtpStatus status = session.UnprotectRtcp(buffer, RtcpProtected.Length, out int plainLength);

        Assert.Equal(SrtpStatus.Ok, status);
        Assert.Equal(RtcpPlain, buffer[..plainLength]);
    }

    [Fact]
    public void UnprotectAuthenticatedOnlyRtcpMatchesSection17_3()
    {
        using SrtpSession session = Session();
        byte[] buffer = WithTailRoom(RtcpTaggedOnly);

        SrtpStatus status = session.UnprotectRtcp(buffer, RtcpTaggedOnly.Length, out int plainLength);

        Assert.Equal(SrtpStatus.Ok, status);
        Assert.Equal(RtcpPlain, buffer[..plainLength]);
    }

    [Fact]
    public void AuthenticatedOnlyRtcpWithAFlippedBodyBitFails()
    {
        using SrtpSession session = Session();
        byte[] buffer = WithTailRoom(RtcpTaggedOnly);
        buffer[20] ^= 0x01;

        Assert.Equal(SrtpStatus.AuthenticationFailed, session.UnprotectRtcp(buffer, RtcpTaggedOnly.Length, out _));
    }
}
