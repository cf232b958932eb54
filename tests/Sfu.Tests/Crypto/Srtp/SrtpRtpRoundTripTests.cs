using Sfu.Crypto.Srtp;
using static Sfu.Tests.Crypto.Srtp.SrtpTestData;

namespace Sfu.Tests.Crypto.Srtp;

public class SrtpRtpRoundTripTests
{
    public static TheoryData<SrtpProfile> Profiles => [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RoundTripsAcrossASequenceWrapWithCsrcsAndExtensions(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            ushort sequence = 65500;
            for (int i = 0; i < 200; i++, sequence++)
            {
                byte[] plain = Rtp(sequence, 0x11223344, payloadLength: 100 + i, csrcCount: i % 3, extensionWords: i % 4, seed: i);
                int headerLength = 12 + (4 * (i % 3)) + (i % 4 > 0 ? 4 + (4 * (i % 4)) : 0);
                byte[] buffer = WithTailRoom(plain);

                Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(buffer, plain.Length, out int protectedLength));
                Assert.Equal(plain.Length + profile.RtpOverhead(), protectedLength);
                Assert.Equal(plain[..headerLength], buffer[..headerLength]);
                Assert.NotEqual(plain[headerLength..], buffer[headerLength..plain.Length]);

                Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(buffer, protectedLength, out int plainLength));
                Assert.Equal(plain, buffer[..plainLength]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RolloverCounterIncrementsSoTheSameSequenceAfterAWrapEncryptsDifferently(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] plain = Rtp(100, 7, 64);
            byte[] beforeWrap = ProtectRtp(sender, plain);

            // Walk the sender up the sequence space in steps the estimator can follow (< 2^15) to 65,100.
            var walk = new List<byte[]>();
            for (int sequence = 1100; sequence <= 65100; sequence += 1000)
            {
                walk.Add(ProtectRtp(sender, Rtp((ushort)sequence, 7, 8)));
            }

            // Seq 100 now comes round with ROC 1: same plaintext, different keystream and tag.
            byte[] afterWrap = ProtectRtp(sender, plain);
            Assert.NotEqual(beforeWrap, afterWrap);
            Assert.Equal(beforeWrap[..12], afterWrap[..12]);

            Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, beforeWrap, out _));
            foreach (byte[] packet in walk)
            {
                Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, packet, out _));
            }

            Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, afterWrap, out byte[] decrypted));
            Assert.Equal(plain, decrypted);

            // Replaying the ROC 0 copy now estimates to the index just accepted: a duplicate.
            Assert.Equal(SrtpStatus.ReplayDuplicate, UnprotectRtp(receiver, beforeWrap, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ReorderingAcrossTheWrapIsAccepted(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            ushort[] sendOrder = [65533, 65534, 65535, 0, 1, 2];
            var protectedPackets = new Dictionary<ushort, byte[]>();
            foreach (ushort sequence in sendOrder)
            {
                protectedPackets[sequence] = ProtectRtp(sender, Rtp(sequence, 9, 50, seed: sequence));
            }

            foreach (ushort sequence in new ushort[] { 65533, 0, 65535, 2, 65534, 1 })
            {
                Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, protectedPackets[sequence], out byte[] plain));
                Assert.Equal(Rtp(sequence, 9, 50, seed: sequence), plain);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RetransmissionOfAPacketSentBeforeTheWrapKeepsItsRolloverCounter(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] original = ProtectRtp(sender, Rtp(65535, 5, 40));
            ProtectRtp(sender, Rtp(0, 5, 40));
            ProtectRtp(sender, Rtp(1, 5, 40));
            byte[] retransmitted = ProtectRtp(sender, Rtp(65535, 5, 40));

            Assert.Equal(original, retransmitted);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ReplayedPacketsAreDetected(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] first = ProtectRtp(sender, Rtp(1000, 3, 20));
            Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, first, out _));
            Assert.Equal(SrtpStatus.ReplayDuplicate, UnprotectRtp(receiver, first, out _));

            byte[] old = ProtectRtp(sender, Rtp(1001, 3, 20));
            for (ushort sequence = 1002; sequence < 1100; sequence++)
            {
                Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, ProtectRtp(sender, Rtp(sequence, 3, 20)), out _));
            }

            Assert.Equal(SrtpStatus.ReplayTooOld, UnprotectRtp(receiver, old, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void TamperingWithTagHeaderOrPayloadFailsAuthentication(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] packet = ProtectRtp(sender, Rtp(42, 3, 80, csrcCount: 1, extensionWords: 2));
            foreach (int position in new[] { packet.Length - 1, packet.Length - profile.RtpOverhead(), 1, 5, 13, 20, 40 })
            {
                byte[] tampered = (byte[])packet.Clone();
                tampered[position] ^= 0x04;
                Assert.Equal(SrtpStatus.AuthenticationFailed, UnprotectRtp(receiver, tampered, out _));
            }

            // The genuine packet still passes afterwards: failures did not touch the replay state.
            Assert.Equal(SrtpStatus.Ok, UnprotectRtp(receiver, packet, out _));
        }
    }

    [Fact]
    public void DifferentKeysDoNotAuthenticate()
    {
        var (sender, _) = Pair(SrtpProfile.AeadAes128Gcm, seed: 1);
        var (_, stranger) = Pair(SrtpProfile.AeadAes128Gcm, seed: 2);
        using (sender)
        using (stranger)
        {
            Assert.Equal(SrtpStatus.AuthenticationFailed, UnprotectRtp(stranger, ProtectRtp(sender, Rtp(1, 1, 10)), out _));
        }
    }
}
