using System.Text;
using Sfu.Ice;

namespace Sfu.Tests.Ice;

public class IceCredentialsTests
{
    [Fact]
    public void CreateLocal_ProducesValidDistinctCredentials()
    {
        IceCredentials a = IceCredentials.CreateLocal();
        IceCredentials b = IceCredentials.CreateLocal();

        Assert.True(IceCredentials.IsValidUfrag(a.LocalUfrag));
        Assert.True(IceCredentials.IsValidPwd(a.LocalPwd));
        Assert.True(a.LocalPwd.Length >= 22);
        Assert.NotEqual(a.LocalUfrag, b.LocalUfrag);
        Assert.NotEqual(a.LocalPwd, b.LocalPwd);
        Assert.Equal(Encoding.UTF8.GetBytes(a.LocalUfrag), a.LocalUfragBytes.ToArray());
        Assert.Equal(Encoding.UTF8.GetBytes(a.LocalPwd), a.LocalPwdBytes.ToArray());
        Assert.False(a.HasRemote);
        Assert.Null(a.RemoteUfrag);
        Assert.True(a.RemotePwdBytes.IsEmpty);
    }

    [Theory]
    [InlineData("abc", "0123456789012345678901")] // ufrag too short
    [InlineData("ab:c", "0123456789012345678901")] // ':' is not an ice-char
    [InlineData("abcd", "012345678901234567890")] // pwd 21 chars
    [InlineData("abcd", "0123456789012345678901 ")] // space is not an ice-char
    [InlineData("abcd", "01234567890123456789\u00e9\u00e9")] // nor non-ASCII letters
    public void Constructor_RejectsInvalidSyntax(string ufrag, string pwd)
    {
        Assert.Throws<ArgumentException>(() => new IceCredentials(ufrag, pwd));
    }

    [Fact]
    public void Constructor_AcceptsMinimalAndMaximalValues()
    {
        var minimal = new IceCredentials("a+/1", "ABCDEFGHIJKLMNOPQRST+/");
        var maximal = new IceCredentials(new string('u', 256), new string('p', 256));

        Assert.Equal("a+/1", minimal.LocalUfrag);
        Assert.Equal(256, maximal.LocalPwdBytes.Length);
        Assert.Throws<ArgumentException>(() => new IceCredentials(new string('u', 257), new string('p', 22)));
    }

    [Fact]
    public void SetRemote_CachesBytesAndValidates()
    {
        IceCredentials credentials = IceCredentials.CreateLocal();

        credentials.SetRemote("h6vY", "VOkJxbRl1RmTxUk/WvJxBt");

        Assert.True(credentials.HasRemote);
        Assert.Equal("h6vY", credentials.RemoteUfrag);
        Assert.Equal("h6vY"u8.ToArray(), credentials.RemoteUfragBytes.ToArray());
        Assert.Equal("VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray(), credentials.RemotePwdBytes.ToArray());
        Assert.Throws<ArgumentException>(() => credentials.SetRemote("h6v", "VOkJxbRl1RmTxUk/WvJxBt"));
        Assert.Equal("h6vY", credentials.RemoteUfrag); // a failed set leaves the old pair
    }

    [Fact]
    public void RemoteProperties_CanBeSetOneAtATime()
    {
        IceCredentials credentials = IceCredentials.CreateLocal();

        credentials.RemoteUfrag = "abcd";
        Assert.False(credentials.HasRemote);
        credentials.RemotePwd = "0123456789012345678901";

        Assert.True(credentials.HasRemote);
        Assert.Equal("abcd", credentials.RemoteUfrag);
        Assert.Equal("0123456789012345678901", credentials.RemotePwd);
        Assert.Throws<ArgumentException>(() => credentials.RemotePwd = "short");
    }
}
