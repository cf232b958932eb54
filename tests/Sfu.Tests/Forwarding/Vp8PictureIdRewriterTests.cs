using Sfu.Forwarding;

namespace Sfu.Tests.Forwarding;

/// <summary>
/// The VP8 payload descriptor (RFC 7741 section 4.2) a consumer sends keeps PictureID and TL0PICIDX continuous across
/// layer switches, and changes nothing else.
/// </summary>
public class Vp8PictureIdRewriterTests
{
    /// <summary>X=1, S=1; I and L set; a 15-bit PictureID (M=1); then a VP8 frame tag.</summary>
    private static byte[] Payload(int pictureId, int tl0, bool longPictureId = true, bool withTl0 = true)
    {
        var bytes = new List<byte> { 0x90, (byte)(0x80 | (withTl0 ? 0x40 : 0)) };
        if (longPictureId)
        {
            bytes.Add((byte)(0x80 | (pictureId >> 8)));
            bytes.Add((byte)pictureId);
        }
        else
        {
            bytes.Add((byte)(pictureId & 0x7F));
        }

        if (withTl0)
        {
            bytes.Add((byte)tl0);
        }

        bytes.AddRange([0x01, 0x00, 0x00, 0xAA, 0xBB]);
        return [.. bytes];
    }

    private static (int PictureId, int Tl0) Read(byte[] payload) =>
        (((payload[2] & 0x7F) << 8) | payload[3], payload[4]);

    [Fact]
    public void Without_a_switch_the_numbers_pass_unchanged()
    {
        var rewriter = new Vp8PictureIdRewriter();
        byte[] first = Payload(1234, 7);
        Assert.Equal((1234, 7), rewriter.Rewrite(first, rebase: false));
        byte[] next = Payload(1235, 7);
        rewriter.Rewrite(next, rebase: false);
        Assert.Equal((1235, 7), Read(next));
    }

    [Fact]
    public void A_switch_continues_from_the_last_picture_sent_and_later_pictures_follow()
    {
        var rewriter = new Vp8PictureIdRewriter();
        rewriter.Rewrite(Payload(5000, 40), rebase: false);
        rewriter.Rewrite(Payload(5001, 41), rebase: false);

        // The other layer's encoder counts from elsewhere: its keyframe becomes 5002 / 42, and its next frames follow.
        byte[] keyframe = Payload(100, 200);
        Assert.Equal((5002, 42), rewriter.Rewrite(keyframe, rebase: true));
        byte[] secondPacketOfKeyframe = Payload(100, 200);
        rewriter.Rewrite(secondPacketOfKeyframe, rebase: false);
        Assert.Equal((5002, 42), Read(secondPacketOfKeyframe));
        byte[] delta = Payload(101, 200);
        rewriter.Rewrite(delta, rebase: false);
        Assert.Equal((5003, 42), Read(delta));
    }

    [Fact]
    public void A_late_packet_of_an_earlier_picture_keeps_its_number_and_does_not_pull_the_next_rebase_back()
    {
        var rewriter = new Vp8PictureIdRewriter();
        rewriter.Rewrite(Payload(10, 1), rebase: false);
        rewriter.Rewrite(Payload(12, 1), rebase: false);
        byte[] late = Payload(11, 1);
        rewriter.Rewrite(late, rebase: false);
        Assert.Equal((11, 1), Read(late));
        Assert.Equal((13, 2), rewriter.Rewrite(Payload(900, 77), rebase: true));
    }

    [Fact]
    public void Both_counters_wrap()
    {
        var rewriter = new Vp8PictureIdRewriter();
        rewriter.Rewrite(Payload(0x7FFF, 0xFF), rebase: false);
        Assert.Equal((0, 0), rewriter.Rewrite(Payload(3, 9), rebase: true));
        byte[] next = Payload(4, 10);
        rewriter.Rewrite(next, rebase: false);
        Assert.Equal((1, 1), Read(next));
    }

    [Fact]
    public void A_seven_bit_picture_id_stays_seven_bits()
    {
        var rewriter = new Vp8PictureIdRewriter();
        rewriter.Rewrite(Payload(126, 0, longPictureId: false, withTl0: false), rebase: false);
        byte[] switched = Payload(5, 0, longPictureId: false, withTl0: false);
        Assert.Equal((127, Vp8PictureIdRewriter.Absent), rewriter.Rewrite(switched, rebase: true));
        Assert.Equal(0x7F, switched[2]); // M stays 0
        byte[] next = Payload(6, 0, longPictureId: false, withTl0: false);
        rewriter.Rewrite(next, rebase: false);
        Assert.Equal(0, next[2]);
    }

    [Fact]
    public void Restore_writes_what_was_sent_into_a_retransmitted_copy()
    {
        byte[] copy = Payload(100, 200);
        Vp8PictureIdRewriter.Restore(copy, 5002, 42);
        Assert.Equal((5002, 42), Read(copy));
        Assert.Equal(Payload(5002, 42), copy);
    }

    [Fact]
    public void A_descriptor_without_the_fields_is_left_alone()
    {
        var rewriter = new Vp8PictureIdRewriter();
        byte[] plain = [0x10, 0x00, 0x00, 0x00, 0x9d, 0x01, 0x2a];
        byte[] copy = [.. plain];
        Assert.Equal((Vp8PictureIdRewriter.Absent, Vp8PictureIdRewriter.Absent), rewriter.Rewrite(copy, rebase: true));
        Assert.Equal(plain, copy);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Random_and_truncated_payloads_never_throw_and_change_only_the_two_fields(int seed)
    {
        var random = new Random(seed);
        var rewriter = new Vp8PictureIdRewriter();
        for (int i = 0; i < 20_000; i++)
        {
            byte[] payload = new byte[random.Next(0, 12)];
            random.NextBytes(payload);
            byte[] before = [.. payload];
            rewriter.Rewrite(payload, rebase: random.Next(4) == 0);
            Vp8PictureIdRewriter.Restore(payload, random.Next(0x8000), random.Next(0x100));

            // Only bytes 2..4 (PictureID, TL0PICIDX) may differ, and only when X and the I or L bit said they are there.
            for (int b = 0; b < payload.Length; b++)
            {
                bool field = b is >= 2 and <= 4 && before.Length >= 2 && (before[0] & 0x80) != 0 && (before[1] & 0xC0) != 0;
                Assert.True(field || payload[b] == before[b], $"byte {b} of [{Convert.ToHexString(before)}] changed");
            }

            if (payload.Length > 2 && (before[0] & 0x80) != 0 && (before[1] & 0x80) != 0)
            {
                Assert.Equal(before[2] & 0x80, payload[2] & 0x80); // the M bit (PictureID width) is kept
            }
        }
    }
}
