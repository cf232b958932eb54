using Sfu.Dtls;

namespace Sfu.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    private const string Actual = "AB:CD:EF:01";

    [Theory]
    [InlineData("AB:CD:EF:01", true)]
    [InlineData("ab:cd:ef:01", true)]
    [InlineData("sha-256 AB:CD:EF:01", true)]
    [InlineData("SHA-256   ab:cd:ef:01  ", true)]
    [InlineData("AB:CD:EF:02", false)]
    [InlineData("AB:CD:EF", false)]
    [InlineData("ABCDEF01", false)]
    [InlineData("sha-1 AB:CD:EF:01", false)]
    [InlineData("", false)]
    [InlineData("sha-256 ", false)]
    public void Matches_ignores_case_and_the_hash_name(string expected, bool matches)
    {
        Assert.Equal(matches, DtlsFingerprint.Matches(expected, Actual));
    }

    [Fact]
    public void Format_writes_uppercase_pairs_with_colons()
    {
        Assert.Equal("00:0F:A0:FF", DtlsFingerprint.Format([0x00, 0x0F, 0xA0, 0xFF]));
        Assert.Equal("7E", DtlsFingerprint.Format([0x7E]));
        Assert.Equal(string.Empty, DtlsFingerprint.Format([]));
    }
}
