using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Engine;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Hosting;

/// <summary>
/// The real host (Kestrel on 127.0.0.1, any port) with the fake engine, and helpers to join.
/// Clients it connected are disposed with it.
/// </summary>
public sealed class SignalingTestHost : IAsyncDisposable
{
    private readonly List<WsTestClient> _clients = [];
    private bool _stopped;

    private readonly string _dataFolder;

    private SignalingTestHost(WebApplication app, FakeEngine engine, string dataFolder)
    {
        _dataFolder = dataFolder;
        App = app;
        Engine = engine;
        Base = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = Base };
    }

    public WebApplication App { get; }

    public Uri Base { get; }

    public HttpClient Http { get; }

    public FakeEngine Engine { get; }

    /// <summary>Starts a host; <paramref name="settings"/> are extra command-line settings (e.g. <c>--Signaling:MaxParticipantsPerRoom</c>, value).</summary>
    public static async Task<SignalingTestHost> StartAsync(params string[] settings)
    {
        var engine = new FakeEngine();
        string dataFolder = Directory.CreateTempSubdirectory("sfu-signaling-test-").FullName; // a meetings database of its own
        WebApplication app = Api.Program.BuildApp(
            ["--urls", "http://127.0.0.1:0", "--Signaling:TokenKey", "host-test-key-0123456789", "--Logging:LogLevel:Default", "Warning",
             "--Database:DataFolder", dataFolder, .. settings],
            services => services.AddSingleton<ISfuEngine>(engine));
        await app.StartAsync();
        return new SignalingTestHost(app, engine, dataFolder);
    }

    /// <summary>A guest's meeting token for <paramref name="room"/> from the real join endpoint (the meeting is made if missing).</summary>
    public Task<string> TokenAsync(string room, string name) => global::Tests.Shared.TestMeetings.TokenAsync(Http, App.Services, room, name);

    public async Task<WsTestClient> ConnectAsync()
    {
        WsTestClient client = await WsTestClient.ConnectAsync(Base);
        _clients.Add(client);
        return client;
    }

    /// <summary>Connects and sends <c>join</c>; the caller receives <c>joined</c>.</summary>
    public async Task<WsTestClient> JoinAsync(string room, string name)
    {
        WsTestClient client = await ConnectAsync();
        await client.SendAsync(new { type = "join", token = await TokenAsync(room, name) });
        return client;
    }

    /// <summary>Connects, joins and waits for <c>joined</c>.</summary>
    public async Task<JoinedClient> JoinedAsync(string room, string name)
    {
        WsTestClient client = await JoinAsync(room, name);
        JsonElement joined = await client.ReceiveAsync("joined");
        return new JoinedClient(client, joined.GetProperty("participantId").GetString()!, joined.GetProperty("resumeToken").GetString()!);
    }

    public async Task StopAsync()
    {
        _stopped = true;
        await App.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (WsTestClient client in _clients)
        {
            await client.DisposeAsync();
        }

        Http.Dispose();
        if (!_stopped)
        {
            await App.StopAsync();
        }

        await App.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }
}

public sealed record JoinedClient(WsTestClient Client, string ParticipantId, string ResumeToken);
