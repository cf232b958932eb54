using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>The real server (src/Api) in-process on free loopback ports: HTTP, WebSocket signaling, UDP media.</summary>
public sealed class ServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The media engine the server runs, for reading its state (e.g. subscribers' bandwidth estimates).</summary>
    public Sfu.Engine.SfuEngine Engine => _app.Services.GetRequiredService<Sfu.Engine.SfuEngine>();

    /// <param name="settings">Extra command-line settings, e.g. <c>--Signaling:OperatorKey=...</c>.</param>
    public static async Task<ServerHost> StartAsync(params string[] settings)
    {
        // Media settings stay the defaults the README's run command uses (only the port is a free one), so the browser
        // tests cover what a person gets from `dotnet run --project src/Api`.
        WebApplication app = Api.Program.BuildApp(
            ["--urls", "http://127.0.0.1:0", "--Sfu:Port=0", "--Logging:LogLevel:Default=Warning", .. settings]);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServerHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
