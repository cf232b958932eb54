using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Engine;
using Signaling.Protocol;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Hosting;

/// <summary>The real ASP.NET Core host on Kestrel (127.0.0.1, any port), spoken to with ClientWebSocket and HttpClient.</summary>
public sealed class HostTests : IAsyncLifetime
{
    private readonly FakeEngine _engine = new();
    private WebApplication _app = null!;
    private Uri _base = null!;
    private HttpClient _http = null!;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("sfu-host-test-").FullName;

    public async Task InitializeAsync()
    {
        _app = Api.Program.BuildApp(
            ["--urls", "http://127.0.0.1:0", "--Signaling:TokenKey", "host-test-key-0123456789", "--Logging:LogLevel:Default", "Warning",
             "--Database:DataFolder", _dataFolder],
            services => services.AddSingleton<ISfuEngine>(_engine));
        await _app.StartAsync();
        _base = new Uri(_app.Urls.First());
        _http = new HttpClient { BaseAddress = _base };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }

    [Fact]
    public async Task PagesFromAnotherOriginCannotOpenTheSocketButSameOriginAndNonBrowsersCan()
    {
        var uri = new UriBuilder(_base) { Scheme = "ws", Path = "/ws" }.Uri;
        using var foreign = new ClientWebSocket();
        foreign.Options.CollectHttpResponseDetails = true;
        foreign.Options.SetRequestHeader("Origin", "https://evil.example");
        await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(uri, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.HttpStatusCode);

        using var sameOrigin = new ClientWebSocket();
        sameOrigin.Options.SetRequestHeader("Origin", $"http://{_base.Authority}");
        await sameOrigin.ConnectAsync(uri, CancellationToken.None);
        Assert.Equal(WebSocketState.Open, sameOrigin.State);

        using var tool = new ClientWebSocket();
        await tool.ConnectAsync(uri, CancellationToken.None);
        Assert.Equal(WebSocketState.Open, tool.State);
    }

    [Fact]
    public async Task TwoClientsJoinAndChat()
    {
        await using WsTestClient alice = await JoinAsync("host-room", "Alice");
        await using WsTestClient bob = await JoinAsync("host-room", "Bob");
        JsonElement bobJoined = await bob.ReceiveAsync("joined");
        JsonElement aliceJoined = await alice.ReceiveAsync("joined");
        Assert.Equal(aliceJoined.GetProperty("participantId").GetString(), Assert.Single(bobJoined.GetProperty("participants").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("Bob", (await alice.ReceiveAsync("participantJoined")).GetProperty("name").GetString());

        await alice.SendAsync(new { type = "chat", text = "hi Bob" });

        JsonElement chat = await bob.ReceiveAsync("chat");
        Assert.Equal("hi Bob", chat.GetProperty("text").GetString());
        Assert.Equal("Alice", chat.GetProperty("name").GetString());
        Assert.Equal(aliceJoined.GetProperty("participantId").GetString(), chat.GetProperty("participantId").GetString());
        Assert.Equal("hi Bob", (await alice.ReceiveAsync("chat")).GetProperty("text").GetString());

        await bob.SendAsync(new { type = "leave" });
        Assert.Equal("left", (await alice.ReceiveAsync("participantLeft")).GetProperty("reason").GetString());
        await bob.WaitClosedAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, bob.CloseStatus);
    }

    [Fact]
    public async Task BadJsonGetsAnErrorAndTheConnectionStaysUsable()
    {
        await using WsTestClient client = await WsTestClient.ConnectAsync(_base);
        await client.SendTextAsync("{this is not json");
        Assert.Equal(ErrorCodes.BadJson, (await client.ReceiveAsync("error")).GetProperty("code").GetString());

        await client.SendTextAsync(new string('x', 70 * 1024));
        Assert.Equal(ErrorCodes.TooLarge, (await client.ReceiveAsync("error")).GetProperty("code").GetString());

        await client.SendAsync(new { type = "ping", id = "p1" });
        Assert.Equal("p1", (await client.ReceiveAsync("pong")).GetProperty("id").GetString());

        await client.SendAsync(new { type = "join", token = await TokenAsync("usable-room", "Carol") });
        Assert.Equal("Carol", (await client.ReceiveAsync("joined")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task UnauthorizedJoinClosesWithPolicyViolation()
    {
        await using WsTestClient client = await WsTestClient.ConnectAsync(_base);
        await client.SendAsync(new { type = "join", id = "j1", token = "not.valid" });

        JsonElement error = await client.ReceiveAsync("error");
        Assert.Equal(ErrorCodes.Unauthorized, error.GetProperty("code").GetString());
        Assert.Equal("j1", error.GetProperty("id").GetString());
        await client.WaitClosedAsync();
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
    }

    [Fact]
    public async Task DroppedSocketResumesTheSameParticipant()
    {
        await using WsTestClient alice = await JoinAsync("resume-room", "Alice");
        WsTestClient first = await JoinAsync("resume-room", "Bob");
        JsonElement joined = await first.ReceiveAsync("joined");
        first.Abort();
        await first.DisposeAsync();

        await using WsTestClient second = await WsTestClient.ConnectAsync(_base);
        await second.SendAsync(new { type = "join", resumeToken = joined.GetProperty("resumeToken").GetString() });
        JsonElement resumed = await second.ReceiveAsync("joined");

        Assert.True(resumed.GetProperty("resumed").GetBoolean());
        Assert.Equal(joined.GetProperty("participantId").GetString(), resumed.GetProperty("participantId").GetString());
        await second.SendAsync(new { type = "chat", text = "back" });
        Assert.Equal("back", (await alice.ReceiveAsync("chat")).GetProperty("text").GetString());
    }

    [Fact]
    public async Task TheRetiredJoinTokenEndpointIssuesNothing()
    {
        // Meeting tokens come from POST /api/meetings/{code}/join only (tests/Api.Tests covers it).
        HttpResponseMessage retired = await _http.PostAsJsonAsync("/api/join-token", new { room = "abc-123", name = "Dana" });
        Assert.Equal(HttpStatusCode.NotFound, retired.StatusCode);
        Assert.DoesNotContain("token", await retired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServesHealthAndTheWebClient()
    {
        Assert.Equal("""{"status":"ok"}""", await _http.GetStringAsync("/healthz"));
        Assert.Contains("<html", await _http.GetStringAsync("/"), StringComparison.OrdinalIgnoreCase);
        string meeting = await _http.GetStringAsync("/m/team-sync");
        Assert.Contains("meeting", meeting, StringComparison.OrdinalIgnoreCase);
        HttpResponseMessage module = await _http.GetAsync("/js/signaling.js");
        Assert.Equal(HttpStatusCode.OK, module.StatusCode);
        Assert.Equal("text/javascript", module.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync("/ws")).StatusCode);
    }

    [Fact]
    public async Task MeetingPathsWithABadCodeGetTheMeetingPageToExplainAndUpperCaseCodesRedirect()
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _base };

        // An upper-case code is the lower-case meeting; the query (the name) survives the redirect.
        HttpResponseMessage upper = await noRedirects.GetAsync("/m/Team-Sync?name=Ann");
        Assert.Equal(HttpStatusCode.Found, upper.StatusCode);
        Assert.Equal("/m/team-sync?name=Ann", upper.Headers.Location!.OriginalString);

        // Codes that no case folding makes valid get the page (which says so, with a link home) and a 404 status.
        foreach (string path in new[] { "/m/AB", "/m/Not_Valid", "/m/" + new string('a', 65), "/m/x/extra", "/m/team-sync/extra", "/m/%E0" })
        {
            HttpResponseMessage bad = await noRedirects.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
            Assert.Equal("text/html", bad.Content.Headers.ContentType!.MediaType);
            Assert.Contains("/js/meeting.js", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        HttpResponseMessage good = await noRedirects.GetAsync("/m/" + new string('a', 64));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await noRedirects.GetAsync("/nothing-here")).StatusCode);
    }

    private Task<string> TokenAsync(string room, string name) => global::Tests.Shared.TestMeetings.TokenAsync(_http, _app.Services, room, name);

    private async Task<WsTestClient> JoinAsync(string room, string name)
    {
        WsTestClient client = await WsTestClient.ConnectAsync(_base);
        await client.SendAsync(new { type = "join", token = await TokenAsync(room, name) });
        return client;
    }
}
