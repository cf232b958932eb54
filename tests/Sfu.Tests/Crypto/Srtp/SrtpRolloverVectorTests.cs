using Sfu.Crypto.Srtp;
using static Sfu.Tests.Crypto.Srtp.SrtpTestData;

namespace Sfu.Tests.Crypto.Srtp;

/// <summary>
/// Known answers with a rollover counter of 1 (and an SRTCP index above 16 bits), which neither RFC 3711, RFC 7714
/// nor libsrtp's driver gives. The bytes come from vectors/srtp_roc1_vectors.py, an independent Python
/// implementation on the `cryptography` package that first reproduces the RFC 3711 B.3 keys, the libsrtp CM packet
/// and the RFC 7714 16.1.1 tag; a mistake in where the ROC enters the IV, the nonce or the HMAC shows up here only.
/// </summary>
public class SrtpRolloverVectorTests
{
    private const uint Ssrc = 0xCAFEBABE;
    private const uint SrtcpIndex = 0x0123_4567;

    private static readonly byte[] MasterKey = Hex("2b7e151628aed2a6abf7158809cf4f3c");
    private static readonly byte[] CmMasterSalt = Hex("f0f1f2f3f4f5f6f7f8f9fafbfcfd");
    private static readonly byte[] GcmMasterSalt = Hex("a0a1a2a3a4a5a6a7a8a9aaab");

    // Seq 0xfffe (the last packet sent with ROC 0) and seq 0x0005 (ROC 1): X=1 with one one-byte extension element,
    // PT 96, SSRC 0xcafebabe, a 40-byte payload.
    private static readonly byte[] BeforeWrapPlain = Hex(
        "9060fffe 0bb90bd5 cafebabe bede0001 22123456 feff0001 02030405 06070809"
        + "0a0b0c0d 0e0f1011 12131415 16171819 1a1b1c1d 1e1f2021 22232425");

    private static readonly byte[] AfterWrapPlain = Hex(
        "90600005 00015ddd cafebabe bede0001 22123456 05060708 090a0b0c 0d0e0f10"
        + "11121314 15161718 191a1b1c 1d1e1f20 21222324 25262728 292a2b2c");

    private static readonly byte[] CmBeforeWrap = Hex(
        "9060fffe 0bb90bd5 cafebabe bede0001 22123456 71349325 58f73fe7 868c45b8"
        + "88c5545b c9d9aed8 e63273e7 7aca4b61 73a450c0 d7fabbea 51b2c1af 5f04116c ec9c06a8 846b");

    private static readonly byte[] CmAfterWrap = Hex(
        "90600005 00015ddd cafebabe bede0001 22123456 4217dbd9 5ebedfdc 30fe9ddb"
        + "814b2246 f88419d5 6723e4d7 a361b7a0 5b8cf68f c0da92a4 e4f67d06 82276d8c 61ada8a7 32fa");

    private static readonly byte[] GcmBeforeWrap = Hex(
        "9060fffe 0bb90bd5 cafebabe bede0001 22123456 fad4cdc4 38284627 e498f781"
        + "8c41846c 185baeff 7bd72116 72165c77 d55667ed 0521f072 131942fb 00abe67b 43b6c82e 9d986ca9 658c00cf");

    private static readonly byte[] GcmAfterWrap = Hex(
        "90600005 00015ddd cafebabe bede0001 22123456 c8327d65 14b77849 05dd5808"
        + "193b3d9d 4ec8189b d1b7d965 ee1e12f9 1d8fd400 e92e8f63 bfbb8822 a60918e9 0b842381 316a247b 1e286920");

    // A receiver report with one report block, protected at SRTCP index 0x01234567.
    private static readonly byte[] RtcpPlain = Hex("81c90007 cafebabe 11223344 01000010 00010005 00000020 89abcdef 00000100");

    private static readonly byte[] CmSrtcp = Hex(
        "81c90007 cafebabe 0e0b9f79 7117857e a78c1f17 53d10d90 b4b99931 6e915600 81234567 bd01ba09 ef714318 9e59");

    private static readonly byte[] GcmSrtcp = Hex(
        "81c90007 cafebabe d8d46a4c dcde6466 e91639ef 6a3475a2 05ebf69b 81e43ad0 e0bb151a a01ece67 1d4a7d13 6f9c63a2 81234567");

    public static TheoryData<SrtpProfile> Profiles => [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm];

    [Fact]
    public void SessionKeysMatchTheScript()
    {
        SrtpSessionKeys cm = SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80, MasterKey, CmMasterSalt);
        Assert.Equal(Hex("e03ead09 35c95e80 e166b16d d92b4eb4"), cm.RtpEncryptionKey);
        Assert.Equal(Hex("391cbe09 10a50894 536b9810 758b354f bd71e78d"), cm.RtpAuthenticationKey);
        Assert.Equal(Hex("71267935 05afaf8f db9f5755 8509"), cm.RtpSalt);
        Assert.Equal(Hex("884c770c 9f932c18 03c65979 a68b7e34"), cm.RtcpEncryptionKey);
        Assert.Equal(Hex("9349881b 9757002f 3c130e97 45f00c44 9335e7a2"), cm.RtcpAuthenticationKey);
        Assert.Equal(Hex("d6a2cde3 5d0499cf 56db3f37 fcee"), cm.RtcpSalt);

        SrtpSessionKeys gcm = SrtpSessionKeys.Derive(SrtpProfile.AeadAes128Gcm, MasterKey, GcmMasterSalt);
        Assert.Equal(Hex("8cb5bedf 7467ceae 9e1a9475 49c26d54"), gcm.RtpEncryptionKey);
        Assert.Equal(Hex("19008e54 51200944 48b56e41"), gcm.RtpSalt);
        Assert.Equal(Hex("54ed9858 2fc8e8a4 1f0a8ad8 e58784ca"), gcm.RtcpEncryptionKey);
        Assert.Equal(Hex("fb3fe8d6 db527100 d3457f76"), gcm.RtcpSalt);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectAfterTheWrapMatchesTheIndependentVector(SrtpProfile profile)
    {
        var (before, after, _) = Vectors(profile);
        using SrtpSession sender = Session(profile);

        // 0xfffe is the first packet on the SSRC, so ROC 0; 0x0005 estimates past the wrap, so ROC 1.
        Assert.Equal(before, ProtectRtp(sender, BeforeWrapPlain));
        Assert.Equal(after, ProtectRtp(sender, AfterWrapPlain));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectAcrossTheWrapRecoversThePlaintext(SrtpProfile profile)
    {
        var (before, after, _) = Vectors(profile);
        using SrtpSession receiver = Session(profile);

        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, before, out byte[] plainBefore));
        Assert.Equal(BeforeWrapPlain, plainBefore);
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, after, out byte[] plainAfter));
        Assert.Equal(AfterWrapPlain, plainAfter);

        // Both are now in the replay window under their own ROC.
        Assert.Equal(SrtpStatus.ReplayDuplicate, UnprotectRtp(receiver, after, out _));
        Assert.Equal(SrtpStatus.ReplayDuplicate, UnprotectRtp(receiver, before, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void AContextThatHasNotSeenTheWrapRejectsTheRoc1Packet(SrtpProfile profile)
    {
        var (before, after, _) = Vectors(profile);
        using SrtpSession receiver = Session(profile);

        // A fresh context takes seq 5 as ROC 0: the ROC is authenticated (HMAC suffix / GCM nonce), so this fails.
        Assert.Equal(SrtpStatus.AuthenticationFailed, UnprotectRtp(receiver, after, out _));

        // The failure claimed no state: once the pre-wrap packet arrives the same bytes verify with ROC 1.
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, before, out _));
        Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, after, out byte[] plain));
        Assert.Equal(AfterWrapPlain, plain);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void SrtcpAtAnIndexAbove16BitsMatchesTheIndependentVector(SrtpProfile profile)
    {
        var (_, _, srtcp) = Vectors(profile);
        using SrtpTransform transform = SrtpTransform.Create(profile, SrtpSessionKeys.Derive(profile, MasterKey, MasterSalt(profile)));
        byte[] buffer = WithTailRoom(RtcpPlain);

        int protectedLength = transform.ProtectRtcp(buffer, RtcpPlain.Length, Ssrc, SrtcpIndex);
        Assert.Equal(srtcp, buffer[..protectedLength]);

        using SrtpSession receiver = Session(profile);
        byte[] received = WithTailRoom(srtcp);
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(received, srtcp.Length, out int plainLength));
        Assert.Equal(RtcpPlain, received[..plainLength]);
    }

    // RFC 7714 section 8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt. With the section 16 salt "Quid pro quo"
    // (51 75 69 64 20 70 72 6f 20 71 75 6f), SSRC 5501a0b2 and SEQ f17b, worked by hand for ROC = 1:
    //   00 00 | 55 01 a0 b2 | 00 00 00 01 | f1 7b
    //   51 75 | 69 64 20 70 | 72 6f 20 71 | 75 6f   XOR
    //   51 75 | 3c 65 80 c2 | 72 6f 20 70 | 84 14
    // Only byte 9 differs from the ROC 0 nonce in section 16 (71 -> 70). ROC 01020304 pins the byte order
    // (01^72 02^6f 03^20 04^71 = 73 6d 23 75) and ROC ffffffff the top of the range (8d 90 df 8e).
    [Theory]
    [InlineData(0x0000_0001u, "51753c6580c2726f20708414")]
    [InlineData(0x0102_0304u, "51753c6580c2736d23758414")]
    [InlineData(0xFFFF_FFFFu, "51753c6580c28d90df8e8414")]
    public void GcmRtpNonceCarriesTheRolloverCounter(uint rolloverCounter, string expected)
    {
        byte[] salt = Hex("517569642070726f2071756f");
        Span<byte> nonce = stackalloc byte[12];

        AeadAesGcmTransform.BuildRtpNonce(nonce, salt, 0x5501a0b2, ((ulong)rolloverCounter << 16) | 0xf17b);

        Assert.Equal(Hex(expected), nonce.ToArray());
    }

    private static (byte[] BeforeWrap, byte[] AfterWrap, byte[] Srtcp) Vectors(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm
        ? (GcmBeforeWrap, GcmAfterWrap, GcmSrtcp)
        : (CmBeforeWrap, CmAfterWrap, CmSrtcp);

    private static byte[] MasterSalt(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? GcmMasterSalt : CmMasterSalt;

    private static SrtpSession Session(SrtpProfile profile) =>
        SrtpSession.Create(profile, MasterKey, MasterSalt(profile), MasterKey, MasterSalt(profile));
}
