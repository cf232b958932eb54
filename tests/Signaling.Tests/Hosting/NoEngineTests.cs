using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Signaling.Tests.Hosting;

/// <summary>Until (and independently of) the media engine: tokens, health and the web client are served.</summary>
public sealed class NoEngineTests
{
    [Fact]
    public async Task TokensHealthAndPagesNeedNoEngine()
    {
        await using var app = Api.Program.BuildApp(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"]);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        HttpResponseMessage token = await http.PostAsJsonAsync("/api/join-token", new { room = "abc", name = "Zed" });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal("Zed", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/m/abc")).StatusCode);
        await app.StopAsync();
    }
}
