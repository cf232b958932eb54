using Sfu.Crypto.Srtp;
using static Sfu.Tests.Crypto.Srtp.SrtpTestData;

namespace Sfu.Tests.Crypto.Srtp;

/// <summary>
/// Whole-packet AES_CM_128_HMAC_SHA1_80 vectors from libsrtp's test/srtp_driver.c (the library Chromium
/// uses), keyed with the RFC 3711 Appendix B.3 master key and salt. RFC 3711 itself has no packet vector.
/// </summary>
public class LibsrtpVectorTests
{
    private static readonly byte[] MasterKey = Hex("e1f97a0d3e018be0d64fa32c06de4139");
    private static readonly byte[] MasterSalt = Hex("0ec675ad498afeebb6960b3aabe6");

    private static readonly byte[] RtpPlain = Hex("800f1234 decafbad cafebabe abababab abababab abababab abababab");
    private static readonly byte[] RtpProtected = Hex(
        "800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402 b78d6acc 99ea179b 8dbb");

    private static readonly byte[] RtcpPlain = Hex("81c8000b cafebabe abababab abababab abababab abababab");

    // SRTCP index 1 (libsrtp counts from 1; we count from 0 as RFC 3711 section 3.4 says).
    private static readonly byte[] RtcpProtected = Hex(
        "81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8 80000001 993e08cd 54d6c123 0798");

    private static SrtpSession Session() =>
        SrtpSession.Create(SrtpProfile.AesCm128HmacSha1_80, MasterKey, MasterSalt, MasterKey, MasterSalt);

    [Fact]
    public void ProtectRtpMatchesLibsrtp()
    {
        using SrtpSession session = Session();
        byte[] buffer = WithTailRoom(RtpPlain);

        Assert.Equal(SrtpStatus.Ok, session.ProtectRtp(buffer, RtpPlain.Length, out int protectedLength));
        Assert.Equal(RtpProtected, buffer[..protectedLength]);
    }

    [Fact]
    public void UnprotectRtpMatchesLibsrtp()
    {
        using SrtpSession session = Session();
        byte[] buffer = WithTailRoom(RtpProtected);

        Assert.Equal(SrtpStatus.Ok, session.UnprotectRtp(buffer, RtpProtected.Length, out int plainLength));
        Assert.Equal(RtpPlain, buffer[..plainLength]);
    }

    [Fact]
    public void SecondProtectedRtcpPacketMatchesLibsrtpIndex1()
    {
        using SrtpSession session = Session();
        byte[] first = WithTailRoom(RtcpPlain);
        Assert.Equal(SrtpStatus.Ok, session.ProtectRtcp(first, RtcpPlain.Length, out int firstLength));
        Assert.Equal(Hex("80000000"), first[(firstLength - 14)..(firstLength - 10)]);

        byte[] second = WithTailRoom(RtcpPlain);
        Assert.Equal(SrtpStatus.Ok, session.ProtectRtcp(second, RtcpPlain.Length, out int secondLength));
        Assert.Equal(RtcpProtected, second[..secondLength]);
    }

    [Fact]
    public void UnprotectRtcpMatchesLibsrtp()
    {
        using SrtpSession session = Session();
        byte[] buffer = WithTailRoom(RtcpProtected);

        Assert.Equal(SrtpStatus.Ok, session.UnprotectRtcp(buffer, RtcpProtected.Length, out int plainLength));
        Assert.Equal(RtcpPlain, buffer[..plainLength]);
    }

    [Fact]
    public void EveryTruncationOfTheProtectedPacketsIsRejected()
    {
        for (int length = 0; length < RtpProtected.Length; length++)
        {
            using SrtpSession session = Session();
            byte[] buffer = WithTailRoom(RtpProtected);
            Assert.NotEqual(SrtpStatus.Ok, session.UnprotectRtp(buffer, length, out _));
        }

        for (int length = 0; length < RtcpProtected.Length; length++)
        {
            using SrtpSession session = Session();
            byte[] buffer = WithTailRoom(RtcpProtected);
            Assert.NotEqual(SrtpStatus.Ok, session.UnprotectRtcp(buffer, length, out _));
        }
    }
}
