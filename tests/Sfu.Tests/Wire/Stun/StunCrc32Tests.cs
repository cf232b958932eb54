using Sfu.Wire.Stun;

namespace Sfu.Tests.Wire.Stun;

public class StunCrc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)] // the standard CRC-32 check value
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Compute_MatchesKnownCrc32Values(string text, uint expected)
    {
        Assert.Equal(expected, StunCrc32.Compute(System.Text.Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void ComputeFingerprint_XorsWithStun()
    {
        Assert.Equal(0xCBF43926u ^ 0x5354554Eu, StunCrc32.ComputeFingerprint("123456789"u8));
    }
}
