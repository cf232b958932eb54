using System.Buffers.Binary;
using Sfu.Crypto.Srtp;
using static Sfu.Tests.Crypto.Srtp.SrtpTestData;

namespace Sfu.Tests.Crypto.Srtp;

public class SrtpRtcpRoundTripTests
{
    public static TheoryData<SrtpProfile> Profiles => [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RoundTripsWithIncreasingIndexAndEncryptedFlag(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            for (uint i = 0; i < 100; i++)
            {
                byte[] plain = Rtcp(0xABCDEF01, 8 + (4 * (int)(i % 40)), seed: (int)i);
                byte[] buffer = WithTailRoom(plain);

                Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(buffer, plain.Length, out int protectedLength));
                Assert.Equal(plain.Length + profile.RtcpOverhead(), protectedLength);
                Assert.Equal(plain[..8], buffer[..8]);
                int wordOffset = profile == SrtpProfile.AeadAes128Gcm ? protectedLength - 4 : protectedLength - 14;
                Assert.Equal(0x8000_0000u | i, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(wordOffset)));
                if (plain.Length > 8)
                {
                    Assert.NotEqual(plain[8..], buffer[8..plain.Length]);
                }

                Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(buffer, protectedLength, out int plainLength));
                Assert.Equal(plain, buffer[..plainLength]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void EachSenderSsrcHasItsOwnIndex(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            Protect(sender, Rtcp(1, 32));
            Protect(sender, Rtcp(1, 32));
            byte[] other = Protect(sender, Rtcp(2, 32));
            int wordOffset = profile == SrtpProfile.AeadAes128Gcm ? other.Length - 4 : other.Length - 14;
            Assert.Equal(0x8000_0000u, BinaryPrimitives.ReadUInt32BigEndian(other.AsSpan(wordOffset)));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ReplaysAndTamperingAreRejected(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] first = Protect(sender, Rtcp(5, 40));
            byte[] second = Protect(sender, Rtcp(5, 40));

            foreach (int position in new[] { 1, 6, 10, second.Length - 1, second.Length - 5 })
            {
                byte[] tampered = (byte[])second.Clone();
                tampered[position] ^= 0x10;
                Assert.Equal(SrtpStatus.AuthenticationFailed, Unprotect(receiver, tampered));
            }

            Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, second));
            Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, first));
            Assert.Equal(SrtpStatus.ReplayDuplicate, Unprotect(receiver, first));

            byte[] old = Protect(sender, Rtcp(5, 40));
            for (int i = 0; i < 70; i++)
            {
                Assert.Equal(SrtpStatus.Ok, Unprotect(receiver, Protect(sender, Rtcp(5, 40))));
            }

            Assert.Equal(SrtpStatus.ReplayTooOld, Unprotect(receiver, old));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ClearingTheEncryptedFlagFailsAuthentication(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] packet = Protect(sender, Rtcp(5, 40));
            int wordOffset = profile == SrtpProfile.AeadAes128Gcm ? packet.Length - 4 : packet.Length - 14;
            packet[wordOffset] &= 0x7F;
            Assert.Equal(SrtpStatus.AuthenticationFailed, Unprotect(receiver, packet));
        }
    }

    private static byte[] Protect(SrtpSession session, byte[] plain)
    {
        byte[] buffer = WithTailRoom(plain);
        Assert.Equal(SrtpStatus.Ok, session.ProtectRtcp(buffer, plain.Length, out int protectedLength));
        return buffer[..protectedLength];
    }

    private static SrtpStatus Unprotect(SrtpSession session, byte[] protectedPacket)
    {
        byte[] buffer = WithTailRoom(protectedPacket);
        return session.UnprotectRtcp(buffer, protectedPacket.Length, out _);
    }
}
