using Sfu.Crypto.Srtp;
using static Sfu.Tests.Crypto.Srtp.SrtpTestData;

namespace Sfu.Tests.Crypto.Srtp;

public class SrtpSessionTests
{
    public static TheoryData<SrtpProfile> Profiles => [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm];

    [Fact]
    public void KeyingMaterialLengthsFollowRfc5764AndRfc7714()
    {
        Assert.Equal(60, SrtpSession.KeyingMaterialLength(SrtpProfile.AesCm128HmacSha1_80));
        Assert.Equal(56, SrtpSession.KeyingMaterialLength(SrtpProfile.AeadAes128Gcm));
        Assert.Equal(SrtpSession.MaxRtpOverhead, SrtpProfile.AeadAes128Gcm.RtpOverhead());
        Assert.Equal(SrtpSession.MaxRtcpOverhead, SrtpProfile.AeadAes128Gcm.RtcpOverhead());
        Assert.Equal(10, SrtpProfile.AesCm128HmacSha1_80.RtpOverhead());
        Assert.Equal(14, SrtpProfile.AesCm128HmacSha1_80.RtcpOverhead());
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void DtlsLayoutGivesServerAndClientOppositeKeys(SrtpProfile profile)
    {
        var material = new byte[SrtpSession.KeyingMaterialLength(profile)];
        new Random(3).NextBytes(material);
        using SrtpSession server = SrtpSession.CreateFromDtls(profile, material, isServer: true);
        using SrtpSession client = SrtpSession.CreateFromDtls(profile, material, isServer: false);

        // The server protects with the server write key: the one after the client key, with the server salt.
        int keyLength = profile.MasterKeyLength();
        int saltLength = profile.MasterSaltLength();
        using SrtpSession explicitServer = SrtpSession.Create(
            profile,
            material.AsSpan(keyLength, keyLength),
            material.AsSpan((2 * keyLength) + saltLength, saltLength),
            material.AsSpan(0, keyLength),
            material.AsSpan(2 * keyLength, saltLength));

        byte[] plain = Rtp(1, 1, 30);
        byte[] fromServer = WithTailRoom(plain);
        byte[] fromExplicit = WithTailRoom(plain);
        Assert.Equal(SrtpStatus.Ok, server.ProtectRtp(fromServer, plain.Length, out int length));
        Assert.Equal(SrtpStatus.Ok, explicitServer.ProtectRtp(fromExplicit, plain.Length, out _));
        Assert.Equal(fromExplicit, fromServer);

        Assert.Equal(SrtpStatus.Ok, client.UnprotectRtp(fromServer, length, out _));
        Assert.Equal(SrtpStatus.AuthenticationFailed, server.UnprotectRtp(fromExplicit, length, out _));

        byte[] fromClient = WithTailRoom(plain);
        Assert.Equal(SrtpStatus.Ok, client.ProtectRtp(fromClient, plain.Length, out length));
        Assert.Equal(SrtpStatus.Ok, server.UnprotectRtp(fromClient, length, out _));
    }

    [Fact]
    public void WrongKeyingMaterialLengthIsRejectedAtSetup()
    {
        Assert.Throws<ArgumentException>(() => SrtpSession.CreateFromDtls(SrtpProfile.AeadAes128Gcm, new byte[60], isServer: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => SrtpSession.CreateFromDtls((SrtpProfile)0x0002, new byte[60], isServer: true));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void BufferWithoutTailRoomIsReportedAndLeftUntouched(SrtpProfile profile)
    {
        var (sender, _) = Pair(profile);
        using (sender)
        {
            byte[] plain = Rtp(1, 1, 30);
            byte[] tight = [.. plain, .. new byte[profile.RtpOverhead() - 1]];
            Assert.Equal(SrtpStatus.BufferTooSmall, sender.ProtectRtp(tight, plain.Length, out int protectedLength));
            Assert.Equal(0, protectedLength);
            Assert.Equal(plain, tight[..plain.Length]);

            byte[] rtcp = Rtcp(1, 24);
            byte[] tightRtcp = [.. rtcp, .. new byte[profile.RtcpOverhead() - 1]];
            Assert.Equal(SrtpStatus.BufferTooSmall, sender.ProtectRtcp(tightRtcp, rtcp.Length, out _));
            Assert.Equal(rtcp, tightRtcp[..rtcp.Length]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void MalformedPacketsAreReported(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] buffer = new byte[200];
            Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(buffer, 11, out _));
            Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(buffer, 201, out _));
            Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(buffer, -1, out _));
            Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(buffer, 40, out _)); // version 0

            byte[] truncatedCsrcs = WithTailRoom(Rtp(1, 1, 0, csrcCount: 3));
            Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(truncatedCsrcs, 12 + 8, out _));
            byte[] truncatedExtension = WithTailRoom(Rtp(1, 1, 0, extensionWords: 2));
            Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtp(truncatedExtension, 12 + 4 + 4, out _));

            Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtcp(buffer, 8, out _)); // version 0
            Assert.Equal(SrtpStatus.Malformed, sender.ProtectRtcp(WithTailRoom(Rtcp(1, 8)), 7, out _));
            Assert.Equal(SrtpStatus.Malformed, receiver.UnprotectRtp(WithTailRoom(Rtp(1, 1, 0)), 12 + profile.RtpOverhead() - 1, out _));
            Assert.Equal(SrtpStatus.Malformed, receiver.UnprotectRtcp(WithTailRoom(Rtcp(1, 8)), 8 + profile.RtcpOverhead() - 1, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void SsrcCountIsCappedPerDirection(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var protectedPackets = new List<byte[]>();
            for (uint ssrc = 1; ssrc <= SrtpSession.MaxSsrcsPerDirection + 1; ssrc++)
            {
                byte[] plain = Rtp(10, ssrc, 20);
                byte[] buffer = WithTailRoom(plain);
                SrtpStatus status = sender.ProtectRtp(buffer, plain.Length, out int length);
                if (ssrc <= SrtpSession.MaxSsrcsPerDirection)
                {
                    Assert.Equal(SrtpStatus.Ok, status);
                    protectedPackets.Add(buffer[..length]);
                }
                else
                {
                    Assert.Equal(SrtpStatus.SsrcLimitReached, status);
                    Assert.Equal(plain, buffer[..plain.Length]);
                }
            }

            // Forged packets on new SSRCs must not use up inbound slots.
            for (uint ssrc = 1000; ssrc < 1200; ssrc++)
            {
                byte[] forged = WithTailRoom([.. Rtp(10, ssrc, 20), .. new byte[profile.RtpOverhead()]]);
                Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtp(forged, 32 + profile.RtpOverhead(), out _));
            }

            foreach (byte[] packet in protectedPackets)
            {
                Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(WithTailRoom(packet), packet.Length, out _));
            }

            byte[] extra = WithTailRoom([.. Rtp(10, 5000, 20), .. new byte[profile.RtpOverhead()]]);
            Assert.Equal(SrtpStatus.SsrcLimitReached, receiver.UnprotectRtp(extra, 32 + profile.RtpOverhead(), out _));

            for (uint ssrc = 1; ssrc <= SrtpSession.MaxSsrcsPerDirection; ssrc++)
            {
                Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(WithTailRoom(Rtcp(ssrc, 8)), 8, out _));
            }

            Assert.Equal(SrtpStatus.SsrcLimitReached, sender.ProtectRtcp(WithTailRoom(Rtcp(9999, 8)), 8, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task ProtectAndUnprotectRunConcurrentlyOnOneSession(SrtpProfile profile)
    {
        var (a, b) = Pair(profile);
        using (a)
        using (b)
        {
            // a protects for b while a unprotects what b protected: the two directions share no state.
            var fromB = new byte[2000][];
            for (int i = 0; i < fromB.Length; i++)
            {
                byte[] plain = Rtp((ushort)i, 77, 200, seed: i);
                byte[] buffer = WithTailRoom(plain);
                Assert.Equal(SrtpStatus.Ok, b.ProtectRtp(buffer, plain.Length, out int length));
                fromB[i] = buffer[..length];
            }

            int failures = 0;
            var outbound = Task.Run(() =>
            {
                for (int i = 0; i < 2000; i++)
                {
                    byte[] buffer = WithTailRoom(Rtp((ushort)i, 88, 200, seed: i));
                    if (a.ProtectRtp(buffer, 212, out _) != SrtpStatus.Ok)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            });
            var inbound = Task.Run(() =>
            {
                for (int i = 0; i < fromB.Length; i++)
                {
                    byte[] buffer = WithTailRoom(fromB[i]);
                    if (a.UnprotectRtp(buffer, fromB[i].Length, out int plainLength) != SrtpStatus.Ok
                        || !buffer.AsSpan(0, plainLength).SequenceEqual(Rtp((ushort)i, 77, 200, seed: i)))
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            });
            await Task.WhenAll(outbound, inbound);

            Assert.Equal(0, failures);
        }
    }
}
