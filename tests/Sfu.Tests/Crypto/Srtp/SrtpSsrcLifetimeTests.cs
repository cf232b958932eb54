using Sfu.Crypto.Srtp;
using static Sfu.Tests.Crypto.Srtp.SrtpTestData;

namespace Sfu.Tests.Crypto.Srtp;

/// <summary>
/// Per-SSRC state lives as long as its stream: created on the stream's first packet, freed when the stream ends, so
/// a session that carries many streams one after another (a long meeting) never reaches its cap.
/// </summary>
public class SrtpSsrcLifetimeTests
{
    private const int Streams = 1000;

    public static TheoryData<SrtpProfile> Profiles => [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_thousand_streams_that_end_in_turn_never_reach_the_ssrc_limit(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            // Eight live at a time, far below the cap of 64, but 1000 over the session's life.
            for (uint ssrc = 1; ssrc <= Streams; ssrc++)
            {
                for (ushort sequence = 0; sequence < 3; sequence++)
                {
                    AssertRoundTrip(sender, receiver, Rtp(sequence, ssrc, 40), isRtcp: false, $"RTP of stream {ssrc}");
                }

                AssertRoundTrip(sender, receiver, Rtcp(ssrc, 28), isRtcp: true, $"RTCP of stream {ssrc}");
                if (ssrc > 8)
                {
                    sender.ForgetLocalSsrc(ssrc - 8);
                    receiver.ForgetRemoteSsrc(ssrc - 8);
                }
            }

            Assert.Equal(8, sender.LocalRtpSsrcCount);
            Assert.Equal(8, receiver.RemoteRtpSsrcCount);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_forgotten_ssrc_frees_its_slot_for_a_new_stream_at_the_cap(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            for (uint ssrc = 1; ssrc <= SrtpSession.MaxSsrcsPerDirection; ssrc++)
            {
                AssertRoundTrip(sender, receiver, Rtp(1, ssrc, 20), isRtcp: false, $"stream {ssrc}");
            }

            byte[] next = Rtp(1, 5000, 20);
            Assert.Equal(SrtpStatus.SsrcLimitReached, sender.ProtectRtp(WithTailRoom(next), next.Length, out _));

            sender.ForgetLocalSsrc(7);
            receiver.ForgetRemoteSsrc(7);
            AssertRoundTrip(sender, receiver, next, isRtcp: false, "the stream after one ended");

            // Forgetting an SSRC that has no state is harmless.
            sender.ForgetLocalSsrc(123_456);
            receiver.ForgetRemoteSsrc(123_456);
            Assert.Equal(SrtpSession.MaxSsrcsPerDirection, sender.LocalRtpSsrcCount);
        }
    }

    [Fact]
    public void The_cap_is_chosen_by_the_creator()
    {
        var material = new byte[SrtpSession.KeyingMaterialLength(SrtpProfile.AeadAes128Gcm)];
        using SrtpSession session = SrtpSession.CreateFromDtls(SrtpProfile.AeadAes128Gcm, material, isServer: true, maxSsrcs: 2);
        Assert.Equal(2, session.MaxSsrcs);
        Assert.Equal(SrtpStatus.Ok, session.ProtectRtp(WithTailRoom(Rtp(1, 1, 20)), 32, out _));
        Assert.Equal(SrtpStatus.Ok, session.ProtectRtp(WithTailRoom(Rtp(1, 2, 20)), 32, out _));
        Assert.Equal(SrtpStatus.SsrcLimitReached, session.ProtectRtp(WithTailRoom(Rtp(1, 3, 20)), 32, out _));
    }

    private static void AssertRoundTrip(SrtpSession sender, SrtpSession receiver, byte[] plain, bool isRtcp, string what)
    {
        byte[] buffer = WithTailRoom(plain);
        SrtpStatus status = isRtcp ? sender.ProtectRtcp(buffer, plain.Length, out int length) : sender.ProtectRtp(buffer, plain.Length, out length);
        Assert.True(status == SrtpStatus.Ok, $"protect {what}: {status}");
        status = isRtcp ? receiver.UnprotectRtcp(buffer, length, out int plainLength) : receiver.UnprotectRtp(buffer, length, out plainLength);
        Assert.True(status == SrtpStatus.Ok, $"unprotect {what}: {status}");
        Assert.Equal(plain, buffer[..plainLength]);
    }
}
