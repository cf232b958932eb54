using System.Text;
using Sfu.Ice;

namespace Sfu.Tests.Ice;

public class IceUsernameTests
{
    [Fact]
    public void TryParse_SplitsAtTheColon()
    {
        Assert.True(IceUsername.TryParse("evtj:h6vY"u8, out ReadOnlySpan<byte> local, out ReadOnlySpan<byte> remote));
        Assert.Equal("evtj", Encoding.ASCII.GetString(local));
        Assert.Equal("h6vY", Encoding.ASCII.GetString(remote));
    }

    [Theory]
    [InlineData("")]
    [InlineData("evtjh6vY")]
    [InlineData(":h6vY")]
    [InlineData("evtj:")]
    [InlineData(":")]
    public void TryParse_RejectsMissingParts(string username)
    {
        Assert.False(IceUsername.TryParse(Encoding.ASCII.GetBytes(username), out ReadOnlySpan<byte> local, out ReadOnlySpan<byte> remote));
        Assert.True(local.IsEmpty);
        Assert.True(remote.IsEmpty);
    }

    [Fact]
    public void Write_JoinsRecipientThenSender()
    {
        Span<byte> buffer = stackalloc byte[16];

        int length = IceUsername.Write(buffer, "abcd"u8, "wxyz"u8);

        Assert.Equal("abcd:wxyz", Encoding.ASCII.GetString(buffer.Slice(0, length)));
        Assert.Equal(0, IceUsername.Write(buffer.Slice(0, 8), "abcd"u8, "wxyz"u8));
    }
}
