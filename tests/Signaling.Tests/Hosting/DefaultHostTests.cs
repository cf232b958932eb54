using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Signaling.Tests.Hosting;

/// <summary>The host as <c>dotnet run</c> builds it, with the real media engine: it binds its UDP port at start, and tokens, health and the web client are served.</summary>
public sealed class DefaultHostTests
{
    [Fact]
    public async Task RealEngineStartsWithTheHostAndPagesAreServed()
    {
        string dataFolder = Directory.CreateTempSubdirectory("sfu-default-host-test-").FullName;
        await using var app = Api.Program.BuildApp(["--urls", "http://127.0.0.1:0", "--Sfu:Port=0", "--Sfu:BindAddress=127.0.0.1", "--Logging:LogLevel:Default", "Warning", "--Database:DataFolder", dataFolder]);
        await app.StartAsync();
        var engine = Assert.IsType<Sfu.Engine.SfuEngine>(app.Services.GetRequiredService<Sfu.Engine.ISfuEngine>());
        Assert.NotEqual(0, engine.MediaEndPoint.Port);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        // Meeting tokens come from the meetings API, on the SQLite database in the data folder.
        Assert.Contains('.', await global::Tests.Shared.TestMeetings.TokenAsync(http, app.Services, "abc", "Zed"));
        Assert.True(File.Exists(Path.Combine(dataFolder, "meetings.db")));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/m/abc")).StatusCode);
        await app.StopAsync();
        Directory.Delete(dataFolder, recursive: true);
    }

    [Fact]
    public async Task SfuWorkersFromTheCommandLineStartThatManyWorkersOnTheirOwnPorts()
    {
        await using var app = Api.Program.BuildApp(["--urls", "http://127.0.0.1:0", "--Sfu:Port=0", "--Sfu:Workers=2", "--Sfu:BindAddress=127.0.0.1", "--Logging:LogLevel:Default", "Warning"]);
        await app.StartAsync();
        var engine = Assert.IsType<Sfu.Engine.SfuEngine>(app.Services.GetRequiredService<Sfu.Engine.ISfuEngine>());

        Assert.Equal(2, engine.WorkerCount);
        Assert.Equal(2, engine.MediaEndPoints.Select(e => e.Port).Distinct().Count());
        Sfu.Engine.EngineStats stats = await engine.GetStatsAsync();
        Assert.Equal([0, 1], stats.Workers.Select(w => w.Worker));
        await app.StopAsync();
    }

    [Fact]
    public async Task ReadyWhileTheMediaWorkersAnswerAndNotOnceTheyStopped()
    {
        await using var app = Api.Program.BuildApp(["--urls", "http://127.0.0.1:0", "--Sfu:Port=0", "--Sfu:Workers=2", "--Sfu:BindAddress=127.0.0.1", "--Logging:LogLevel:Default", "Warning"]);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        HttpResponseMessage ready = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());

        var engine = Assert.IsType<Sfu.Engine.SfuEngine>(app.Services.GetRequiredService<Sfu.Engine.ISfuEngine>());
        await engine.DisposeAsync();

        HttpResponseMessage stopped = await http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stopped.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode); // still alive, just not ready
        await app.StopAsync();
    }
}
