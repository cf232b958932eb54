using Sfu.Crypto.Srtp;
using static Sfu.Tests.Crypto.Srtp.SrtpTestData;

namespace Sfu.Tests.Crypto.Srtp;

public class AesCounterModeTests
{
    // RFC 3711 Appendix B.2: session key, and the already shifted salt as the offset (SSRC and index 0).
    private static readonly byte[] SessionKey = Hex("2B7E151628AED2A6ABF7158809CF4F3C");
    private static readonly byte[] Offset = Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");

    [Fact]
    public void KeystreamSegmentMatchesRfc3711AppendixB2()
    {
        const int segmentLength = 1044512; // 65282 AES blocks
        using var cipher = new AesCounterMode(SessionKey);
        var keystream = new byte[segmentLength];

        cipher.GenerateKeystream(Offset, keystream);

        Assert.Equal(Hex("E03EAD0935C95E80E166B16DD92B4EB4"), keystream[..16]);
        Assert.Equal(Hex("D23513162B02D0F72A43A2FE4A5F97AB"), keystream[16..32]);
        Assert.Equal(Hex("41E95B3BB0A2E8DD477901E4FCA894C0"), keystream[32..48]);
        Assert.Equal(Hex("EC8CDF7398607CB0F2D21675EA9EA1E4"), keystream[(0xFEFF * 16)..(0xFF00 * 16)]);
        Assert.Equal(Hex("362B7C3C6773516318A077D7FC5073AE"), keystream[(0xFF00 * 16)..(0xFF01 * 16)]);
        Assert.Equal(Hex("6A2CC3787889374FBEB4C81B17BA6C44"), keystream[(0xFF01 * 16)..]);
    }

    [Fact]
    public void IvFromSaltSsrcAndIndexIsTheShiftedSaltWhenBothAreZero()
    {
        Span<byte> iv = stackalloc byte[16];
        AesCmHmacSha1Transform.BuildIv(iv, Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), ssrc: 0, index: 0);
        Assert.Equal(Offset, iv.ToArray());
    }

    [Fact]
    public void IvPlacesSsrcAtByte4AndIndexAtByte8()
    {
        Span<byte> iv = stackalloc byte[16];
        AesCmHmacSha1Transform.BuildIv(iv, new byte[14], ssrc: 0x01020304, index: 0x0000_5566_7788);
        Assert.Equal(Hex("00000000010203040000556677880000"), iv.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(1023)]
    [InlineData(1025)]
    [InlineData(3000)]
    public void ApplyingTwiceRestoresTheDataAndMatchesTheKeystreamForAnyLength(int length)
    {
        using var cipher = new AesCounterMode(SessionKey);
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var original = (byte[])data.Clone();
        var keystream = new byte[length];
        cipher.GenerateKeystream(Offset, keystream);

        cipher.Apply(Offset, data);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal((byte)(original[i] ^ keystream[i]), data[i]);
        }

        cipher.Apply(Offset, data);
        Assert.Equal(original, data);
    }
}
