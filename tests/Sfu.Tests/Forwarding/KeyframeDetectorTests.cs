using Sfu.Forwarding;

namespace Sfu.Tests.Forwarding;

public class KeyframeDetectorTests
{
    // VP8 key frame payload header (RFC 7741 4.3, RFC 6386 9.1): frame tag with P=0 (0x50 = show_frame,
    // version 0, key frame), two size bytes, start code 9d 01 2a, 640x480 as 16-bit little-endian.
    private const string Vp8KeyHeader = "50 2d 01 9d 01 2a 80 02 e0 01";
    private const string Vp8DeltaHeader = "51 2d 01 00 00 00 00 00 00 00";

    [Theory]
    [InlineData("minimal descriptor, key frame", "10 " + Vp8KeyHeader, true)]
    [InlineData("X, I with 15-bit picture id, L, T", "90 e0 80 01 05 20 " + Vp8KeyHeader, true)]
    [InlineData("X, I with 7-bit picture id", "90 80 17 " + Vp8KeyHeader, true)]
    [InlineData("X, K only (key index byte)", "90 10 03 " + Vp8KeyHeader, true)]
    [InlineData("N bit (non-reference) does not matter", "30 " + Vp8KeyHeader, true)]
    [InlineData("delta frame (P=1)", "10 " + Vp8DeltaHeader, false)]
    [InlineData("not the start of a partition (S=0)", "00 " + Vp8KeyHeader, false)]
    [InlineData("start of partition 1, not 0", "11 " + Vp8KeyHeader, false)]
    [InlineData("P=0 but no start code", "10 50 2d 01 00 00 00 00 00", false)]
    [InlineData("extension byte missing", "90", false)]
    [InlineData("picture id byte missing", "90 80", false)]
    [InlineData("extensions make the header too short", "90 e0 80 01 05 20 50 2d 01 9d 01", false)]
    [InlineData("empty", "", false)]
    public void Vp8(string name, string hex, bool expected)
    {
        Assert.NotEmpty(name);
        Assert.Equal(expected, KeyframeDetector.IsKeyframe(VideoCodec.Vp8, Hex(hex)));
    }

    [Theory]
    [InlineData("single NAL IDR slice", "65 88 84 00 33", true)]
    [InlineData("single NAL SPS", "67 42 c0 1f da", true)]
    [InlineData("single NAL PPS", "68 ce 3c 80", false)]
    [InlineData("single NAL non-IDR slice", "41 9a 02 03", false)]
    [InlineData("SEI", "06 05 ff", false)]
    [InlineData("STAP-A with SPS and PPS", "78 00 04 67 42 c0 1f 00 03 68 ce 3c", true)]
    [InlineData("STAP-A with SEI then IDR", "78 00 02 06 05 00 02 65 88", true)]
    [InlineData("STAP-A with non-IDR units only", "78 00 02 41 9a 00 02 06 05", false)]
    [InlineData("STAP-A whose size runs past the end", "78 00 09 67 42", false)]
    [InlineData("STAP-A with a zero size", "78 00 00 67 42", false)]
    [InlineData("STAP-A with nothing inside", "78", false)]
    [InlineData("STAP-B with IDR after the DON", "79 12 34 00 02 65 88", true)]
    [InlineData("STAP-B truncated DON", "79 12", false)]
    [InlineData("FU-A start of IDR", "7c 85 88 84", true)]
    [InlineData("FU-A start of SPS", "7c 87 42", true)]
    [InlineData("FU-A middle of IDR", "7c 05 11 22", false)]
    [InlineData("FU-A end of IDR", "7c 45 11 22", false)]
    [InlineData("FU-A start of non-IDR", "5c 81 9a", false)]
    [InlineData("FU-A without FU header", "7c", false)]
    [InlineData("FU-B start of IDR", "7d 85 00 01 88", true)]
    [InlineData("empty", "", false)]
    public void H264(string name, string hex, bool expected)
    {
        Assert.NotEmpty(name);
        Assert.Equal(expected, KeyframeDetector.IsKeyframe(VideoCodec.H264, Hex(hex)));
    }

    [Theory]
    [InlineData("B=1, P=0, no layer info", "08 00", true)]
    [InlineData("I with 15-bit picture id, B=1, P=0", "88 80 01 00", true)]
    [InlineData("I, L with spatial layer 0", "a8 05 00 00", true)]
    [InlineData("I with 15-bit id, L with spatial layer 0", "a8 80 05 10 00", true)]
    [InlineData("I, L with spatial layer 1", "a8 05 02 00", false)]
    [InlineData("inter-picture predicted (P=1)", "c8 05", false)]
    [InlineData("not the start of a frame (B=0)", "84 05", false)]
    [InlineData("L set but layer byte missing", "a8 05", false)]
    [InlineData("I set but picture id missing", "a8", false)]
    [InlineData("empty", "", false)]
    public void Vp9(string name, string hex, bool expected)
    {
        Assert.NotEmpty(name);
        Assert.Equal(expected, KeyframeDetector.IsKeyframe(VideoCodec.Vp9, Hex(hex)));
    }

    [Fact]
    public void UnknownCodecIsNeverAKeyframe()
    {
        Assert.False(KeyframeDetector.IsKeyframe(VideoCodec.Unknown, Hex("65 88 84 00")));
        Assert.False(KeyframeDetector.IsKeyframe((VideoCodec)99, Hex("10 " + Vp8KeyHeader)));
    }

    // 100,000 random payloads and 100,000 mutations of valid keyframes per codec: no exception, and the
    // mutations still produce both answers (the detector is not stuck on one result).
    [Theory]
    [InlineData(VideoCodec.Vp8, "90 e0 80 01 05 20 " + Vp8KeyHeader)]
    [InlineData(VideoCodec.Vp9, "a8 80 05 10 00 11 22")]
    [InlineData(VideoCodec.H264, "78 00 02 06 05 00 02 65 88 00 03 68 ce 3c")]
    public void NeverThrowsOnGarbage(VideoCodec codec, string validHex)
    {
        var random = new Random(7411);
        byte[] buffer = new byte[64];
        for (int i = 0; i < 100_000; i++)
        {
            int length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer.AsSpan(0, length));
            KeyframeDetector.IsKeyframe(codec, buffer.AsSpan(0, length));
        }

        byte[] valid = Hex(validHex);
        Assert.True(KeyframeDetector.IsKeyframe(codec, valid));
        int keyframes = 0;
        for (int i = 0; i < 100_000; i++)
        {
            byte[] mutated = (byte[])valid.Clone();
            int flips = 1 + random.Next(3);
            for (int f = 0; f < flips; f++)
            {
                mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            }

            int length = random.Next(mutated.Length + 1);
            if (KeyframeDetector.IsKeyframe(codec, mutated.AsSpan(0, length)))
            {
                keyframes++;
            }
        }

        Assert.InRange(keyframes, 1, 99_999);
    }

    private static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", string.Empty, StringComparison.Ordinal));
}
