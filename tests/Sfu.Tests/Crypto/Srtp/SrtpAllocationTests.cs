using System.Buffers.Binary;
using Sfu.Crypto.Srtp;
using static Sfu.Tests.Crypto.Srtp.SrtpTestData;

namespace Sfu.Tests.Crypto.Srtp;

/// <summary>
/// The per-packet SRTP path allocates nothing (DESIGN hot-path rule 7), checked in the test run and not only by the
/// [MemoryDiagnoser] benchmarks: after a warm-up (JIT, SSRC state, native cipher contexts) 1,000 protect + unprotect
/// round trips of a 1,200-byte packet must leave this thread's allocation counter where it was.
/// </summary>
public class SrtpAllocationTests
{
    private const int Iterations = 1000;
    private const int RtpPacketLength = 1200;

    public static TheoryData<SrtpProfile> Profiles => [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RtpProtectAndUnprotectDoNotAllocate(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] plain = Rtp(1, 0x01020304, RtpPacketLength - 12 - 8, extensionWords: 1, seed: 7);
            byte[] buffer = [.. plain, .. new byte[SrtpSession.MaxRtpOverhead]];
            ushort sequence = 1;
            RoundTrip(sender, receiver, buffer, ref sequence, 100); // warm up

            long before = GC.GetAllocatedBytesForCurrentThread();
            RoundTrip(sender, receiver, buffer, ref sequence, Iterations);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
            Assert.Equal(plain.AsSpan(12), buffer.AsSpan(12, plain.Length - 12)); // the payload really round-tripped
        }

        static void RoundTrip(SrtpSession sender, SrtpSession receiver, byte[] buffer, ref ushort sequence, int count)
        {
            for (int i = 0; i < count; i++, sequence++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
                SrtpStatus protect = sender.ProtectRtp(buffer, RtpPacketLength, out int protectedLength);
                SrtpStatus unprotect = receiver.UnprotectRtp(buffer, protectedLength, out int plainLength);
                if (protect != SrtpStatus.Ok || unprotect != SrtpStatus.Ok || plainLength != RtpPacketLength)
                {
                    Assert.Fail($"round trip {i} failed: {protect} / {unprotect}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RtcpProtectAndUnprotectDoNotAllocate(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] plain = Rtcp(0x0A0B0C0D, 84, seed: 3);
            byte[] buffer = WithTailRoom(plain);
            RoundTrip(sender, receiver, buffer, plain.Length, 100); // warm up

            long before = GC.GetAllocatedBytesForCurrentThread();
            RoundTrip(sender, receiver, buffer, plain.Length, Iterations);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
            Assert.Equal(plain, buffer[..plain.Length]);
        }

        static void RoundTrip(SrtpSession sender, SrtpSession receiver, byte[] buffer, int length, int count)
        {
            for (int i = 0; i < count; i++)
            {
                SrtpStatus protect = sender.ProtectRtcp(buffer, length, out int protectedLength);
                SrtpStatus unprotect = receiver.UnprotectRtcp(buffer, protectedLength, out int plainLength);
                if (protect != SrtpStatus.Ok || unprotect != SrtpStatus.Ok || plainLength != length)
                {
                    Assert.Fail($"round trip {i} failed: {protect} / {unprotect}");
                }
            }
        }
    }
}
