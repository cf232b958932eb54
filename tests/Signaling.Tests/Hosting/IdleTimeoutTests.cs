using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Engine;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Hosting;

/// <summary>A host whose idle timeout is three seconds: silent sockets are closed, talking ones are not.</summary>
public sealed class IdleTimeoutTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        _app = Api.Program.BuildApp(
            ["--urls", "http://127.0.0.1:0", "--Signaling:IdleTimeout", "00:00:03", "--Logging:LogLevel:Default", "Warning"],
            services => services.AddSingleton<ISfuEngine>(new FakeEngine()));
        await _app.StartAsync();
        _base = new Uri(_app.Urls.First());
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task SilentSocketIsClosedAsIdle()
    {
        await using WsTestClient client = await WsTestClient.ConnectAsync(_base);

        await client.WaitClosedAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
        Assert.Equal("idle timeout", client.CloseDescription);
    }

    [Fact]
    public async Task PingsKeepTheSocketOpen()
    {
        await using WsTestClient client = await WsTestClient.ConnectAsync(_base);
        // 4 s of pings, 200 ms apart: longer than the timeout in total, far shorter between messages
        // (the slack is generous because this machine is shared and can stall a thread for a while).
        for (int i = 0; i < 20; i++)
        {
            await Task.Delay(200);
            await client.SendAsync(new { type = "ping", id = "p" + i });
            Assert.Equal("p" + i, (await client.ReceiveAsync("pong")).GetProperty("id").GetString());
        }

        Assert.Null(client.CloseStatus);
    }
}
