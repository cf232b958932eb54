using System.Buffers.Binary;
using Sfu.Crypto.Srtp;
using static Sfu.Tests.Crypto.Srtp.SrtpTestData;

namespace Sfu.Tests.Crypto.Srtp;

/// <summary>
/// Random and mutated packets into Unprotect: never an exception, never <see cref="SrtpStatus.Ok"/>.
/// Half of the random packets carry version 2 and the SSRC of an established stream so they reach the
/// index estimation, replay check and authentication rather than stopping at the header check.
/// </summary>
public class SrtpRandomInputTests
{
    private const int Iterations = 100_000;
    private const uint KnownSsrc = 0x5EED5EED;

    public static TheoryData<SrtpProfile> Profiles => [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RandomRtpIsNeverAccepted(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            Establish(sender, receiver, rtcp: false);
            var random = new Random(1234);
            var buffer = new byte[1600];
            for (int i = 0; i < Iterations; i++)
            {
                int length = random.Next(0, 1500);
                random.NextBytes(buffer.AsSpan(0, length));
                if ((i & 1) == 0 && length >= 12)
                {
                    buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
                    BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), KnownSsrc);
                }

                Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtp(buffer, length, out _));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RandomRtcpIsNeverAccepted(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            Establish(sender, receiver, rtcp: true);
            var random = new Random(4321);
            var buffer = new byte[1600];
            for (int i = 0; i < Iterations; i++)
            {
                int length = random.Next(0, 1500);
                random.NextBytes(buffer.AsSpan(0, length));
                if ((i & 1) == 0 && length >= 8)
                {
                    buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
                    BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), KnownSsrc);
                }

                Assert.NotEqual(SrtpStatus.Ok, receiver.UnprotectRtcp(buffer, length, out _));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void MutatedRtpIsNeverAccepted(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var valid = new byte[500][];
            for (int i = 0; i < valid.Length; i++)
            {
                byte[] plain = Rtp((ushort)(65400 + i), KnownSsrc, 20 + (i % 300), csrcCount: i % 2, extensionWords: i % 3, seed: i);
                byte[] buffer = WithTailRoom(plain);
                Assert.Equal(SrtpStatus.Ok, sender.ProtectRtp(buffer, plain.Length, out int length));
                valid[i] = buffer[..length];
            }

            FeedMutations(valid, 99, (buffer, length) => receiver.UnprotectRtp(buffer, length, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void MutatedRtcpIsNeverAccepted(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var valid = new byte[500][];
            for (int i = 0; i < valid.Length; i++)
            {
                byte[] plain = Rtcp(KnownSsrc, 8 + (4 * (i % 60)), seed: i);
                byte[] buffer = WithTailRoom(plain);
                Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(buffer, plain.Length, out int length));
                valid[i] = buffer[..length];
            }

            FeedMutations(valid, 77, (buffer, length) => receiver.UnprotectRtcp(buffer, length, out _));
        }
    }

    private static void FeedMutations(byte[][] valid, int seed, Func<byte[], int, SrtpStatus> unprotect)
    {
        var random = new Random(seed);
        var buffer = new byte[1700];
        for (int i = 0; i < Iterations; i++)
        {
            byte[] original = valid[random.Next(valid.Length)];
            original.CopyTo(buffer, 0);
            int length = original.Length;
            int mutations = random.Next(1, 4);
            for (int m = 0; m < mutations; m++)
            {
                switch (random.Next(4))
                {
                    case 0:
                        buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        buffer[random.Next(length)] = (byte)random.Next(256);
                        break;
                    case 2:
                        length = random.Next(length);
                        break;
                    default:
                        int extra = random.Next(1, 40);
                        random.NextBytes(buffer.AsSpan(length, extra));
                        length += extra;
                        break;
                }

                if (length == 0)
                {
                    break;
                }
            }

            if (length == original.Length && buffer.AsSpan(0, length).SequenceEqual(original))
            {
                continue; // the mutations cancelled out; the untouched packet would rightly pass
            }

            Assert.NotEqual(SrtpStatus.Ok, unprotect(buffer, length));
        }
    }

    // Gives the receiver a live stream on KnownSsrc, so random packets also hit the replay window path.
    private static void Establish(SrtpSession sender, SrtpSession receiver, bool rtcp)
    {
        byte[] plain = rtcp ? Rtcp(KnownSsrc, 32) : Rtp(30000, KnownSsrc, 50);
        byte[] buffer = WithTailRoom(plain);
        SrtpStatus protectStatus = rtcp
            ? sender.ProtectRtcp(buffer, plain.Length, out int length)
            : sender.ProtectRtp(buffer, plain.Length, out length);
        Assert.Equal(SrtpStatus.Ok, protectStatus);
        SrtpStatus unprotectStatus = rtcp
            ? receiver.UnprotectRtcp(buffer, length, out _)
            : receiver.UnprotectRtp(buffer, length, out _);
        Assert.Equal(SrtpStatus.Ok, unprotectStatus);
    }
}
