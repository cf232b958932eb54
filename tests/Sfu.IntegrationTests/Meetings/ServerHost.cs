using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>The real server (src/Api) in-process on free loopback ports: HTTP, WebSocket signaling, UDP media.</summary>
public sealed class ServerHost : IAsyncDisposable
{
    private readonly string _dataFolder;
    private readonly string[] _settings;
    private WebApplication _app;

    private ServerHost(WebApplication app, Uri baseAddress, string dataFolder, string[] settings)
    {
        _app = app;
        BaseAddress = baseAddress;
        _dataFolder = dataFolder;
        _settings = settings;
    }

    public Uri BaseAddress { get; }

    /// <summary>The running server's services (the meetings repositories, for assertions on the database).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The media engine the server runs, for reading its state (e.g. subscribers' bandwidth estimates).</summary>
    public Sfu.Engine.SfuEngine Engine => _app.Services.GetRequiredService<Sfu.Engine.SfuEngine>();

    /// <param name="settings">Extra command-line settings, e.g. <c>--Signaling:OperatorKey=...</c>.</param>
    public static async Task<ServerHost> StartAsync(params string[] settings)
    {
        // Media settings stay the defaults the README's run command uses (only the port is a free one), so the browser
        // tests cover what a person gets from `dotnet run --project src/Api`.
        // A meetings database of its own (SQLite in a fresh data folder), where tests make the meetings they join.
        string dataFolder = Directory.CreateTempSubdirectory("sfu-integration-").FullName;
        WebApplication app = await StartAppAsync("http://127.0.0.1:0", dataFolder, settings);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new ServerHost(app, new Uri(address), dataFolder, settings);
        global::Tests.Shared.TestMeetings.Register(host.BaseAddress, app.Services);
        return host;
    }

    /// <summary>
    /// A graceful restart: the server stops as on SIGTERM (everyone gets <c>leave {reason: "serverShutdown"}</c>) and a
    /// new one starts on the same address and data folder (the same meetings database).
    /// </summary>
    public async Task RestartAsync()
    {
        global::Tests.Shared.TestMeetings.Unregister(BaseAddress);
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = await StartAppAsync(BaseAddress.ToString().TrimEnd('/'), _dataFolder, _settings);
        global::Tests.Shared.TestMeetings.Register(BaseAddress, _app.Services);
    }

    private static async Task<WebApplication> StartAppAsync(string url, string dataFolder, string[] settings)
    {
        WebApplication app = Api.Program.BuildApp(
            ["--urls", url, "--Sfu:Port=0", "--Logging:LogLevel:Default=Warning", "--Database:DataFolder", dataFolder, .. settings]);
        await app.StartAsync();
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        global::Tests.Shared.TestMeetings.Unregister(BaseAddress);
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dataFolder, recursive: true);
    }
}
