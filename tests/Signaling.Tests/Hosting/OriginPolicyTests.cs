using Microsoft.AspNetCore.Http;
using Signaling.Hosting;

namespace Signaling.Tests.Hosting;

public sealed class OriginPolicyTests
{
    [Theory]
    [InlineData(null, "meet.example.com", true)]
    [InlineData("https://meet.example.com", "meet.example.com", true)]
    [InlineData("http://localhost:8080", "localhost:8080", true)]
    [InlineData("http://LOCALHOST:8080", "localhost:8080", true)]
    [InlineData("http://localhost:8081", "localhost:8080", false)]
    [InlineData("https://evil.example", "meet.example.com", false)]
    [InlineData("null", "meet.example.com", false)]
    [InlineData("https://app.example.com", "meet.example.com", true)]
    [InlineData("https://app.example.com/", "meet.example.com", true)]
    public void Same_origin_listed_origins_and_non_browsers_pass(string? origin, string host, bool allowed)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        Assert.Equal(allowed, OriginPolicy.IsAllowed(context.Request, ["https://app.example.com"]));
    }

    [Fact]
    public void A_wildcard_allows_every_origin()
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString("meet.example.com");
        context.Request.Headers.Origin = "https://anywhere.example";
        Assert.True(OriginPolicy.IsAllowed(context.Request, ["*"]));
    }
}
