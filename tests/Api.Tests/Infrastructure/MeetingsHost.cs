using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Signaling.Tests.Hosting;

namespace Api.Tests.Infrastructure;

/// <summary>The real server (src/Api with the real media engine on loopback) on a test database, and REST helpers.</summary>
public sealed class MeetingsHost : IAsyncDisposable
{
    private readonly List<WsTestClient> _clients = [];
    private bool _stopped;

    private MeetingsHost(WebApplication app)
    {
        App = app;
        Base = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = Base, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public Uri Base { get; }

    public HttpClient Http { get; }

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<MeetingsHost> StartAsync(TestDatabase database, params string[] settings)
    {
        WebApplication app = Program.BuildApp(
            ["--urls", "http://127.0.0.1:0", "--Sfu:Port=0", "--Sfu:Workers=1", "--Sfu:BindAddress=127.0.0.1", "--Logging:LogLevel:Default", "Warning",
             "--Signaling:JoinTokenPermits", "0", .. database.Settings, .. settings]);
        await app.StartAsync();
        return new MeetingsHost(app);
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? bearer = null, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer = null, object? body = null)
    {
        using HttpRequestMessage request = Request(method, path, bearer, body);
        return await Http.SendAsync(request);
    }

    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, string? bearer = null, object? body = null, int expectedStatus = 200)
    {
        using HttpResponseMessage response = await SendAsync(method, path, bearer, body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"{method} {path}: expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Registers and signs in; returns the sign-in token.</summary>
    public async Task<string> SignUpAsync(string email, string name = "Host", string password = "correct horse 1")
    {
        await JsonAsync(HttpMethod.Post, "/api/auth/register", body: new { email, password, name }, expectedStatus: 201);
        JsonElement login = await JsonAsync(HttpMethod.Post, "/api/auth/login", body: new { email, password });
        return login.GetProperty("token").GetString()!;
    }

    public async Task<string> CreateMeetingAsync(string bearer, string title = "Weekly sync", bool allowGuests = true)
    {
        JsonElement meeting = await JsonAsync(HttpMethod.Post, "/api/meetings", bearer, new { title, allowGuests }, expectedStatus: 201);
        return meeting.GetProperty("code").GetString()!;
    }

    /// <summary>POST /api/meetings/{code}/join; returns the response body (token, participantId, role, ...).</summary>
    public Task<JsonElement> JoinTokenAsync(string code, string displayName, string? bearer = null, string? guestKey = null) =>
        JsonAsync(HttpMethod.Post, $"/api/meetings/{code}/join", bearer, new { displayName, guestKey });

    /// <summary>Connects /ws and sends join with <paramref name="token"/>.</summary>
    public async Task<WsTestClient> ConnectWithTokenAsync(string? token)
    {
        WsTestClient client = await WsTestClient.ConnectAsync(Base);
        _clients.Add(client);
        await client.SendAsync(token is null ? new { type = "join" } : new { type = "join", token });
        return client;
    }

    /// <summary>Joins through the API and /ws, and waits for <c>joined</c>.</summary>
    public async Task<(WsTestClient Client, string ParticipantId)> JoinAsync(string code, string displayName, string? bearer = null, string? guestKey = null)
    {
        JsonElement grant = await JoinTokenAsync(code, displayName, bearer, guestKey);
        WsTestClient client = await ConnectWithTokenAsync(grant.GetProperty("token").GetString());
        JsonElement joined = await client.ReceiveAsync("joined");
        Assert.Equal(grant.GetProperty("participantId").GetString(), joined.GetProperty("participantId").GetString());
        return (client, joined.GetProperty("participantId").GetString()!);
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await App.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (WsTestClient client in _clients)
        {
            await client.DisposeAsync();
        }

        await StopAsync();
        Http.Dispose();
        await App.DisposeAsync();
    }
}
