using Api;

namespace Signaling.Tests.Hosting;

public class ListenAddressesTests
{
    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--urls", "http://0.0.0.0:9000" }, true)]
    [InlineData(new[] { "--urls=http://0.0.0.0:9000" }, true)]
    [InlineData(new[] { "/urls", "http://0.0.0.0:9000" }, true)]
    [InlineData(new[] { "--environment", "Production" }, false)]
    public void CommandLine(string[] args, bool given) => Assert.Equal(given, ListenAddresses.AreGiven(args, _ => null));

    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("URLS")]
    [InlineData("ASPNETCORE_HTTP_PORTS")]
    public void Environment(string variable) =>
        Assert.True(ListenAddresses.AreGiven([], name => name == variable ? "http://+:9000" : null));
}
