using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sfu.Engine;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Hosting;

/// <summary>Hosts configured with an operator key that is too short, and being stopped (the operator API itself: tests/Api.Tests/Operations).</summary>
public sealed class ServerLeaveHostTests
{
    [Fact]
    public async Task AnOperatorKeyShorterThan16CharactersStopsTheStartNamingTheSetting()
    {
        await using var app = Api.Program.BuildApp(
            ["--urls", "http://127.0.0.1:0", "--Signaling:OperatorKey", "fifteen-chars-x", "--Logging:LogLevel:Default", "None"],
            services => services.AddSingleton<ISfuEngine>(new FakeEngine()));

        OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Signaling:OperatorKey", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoppingTheHostSendsLeaveServerShutdownBeforeClosingEverySocket()
    {
        SignalingTestHost host = await SignalingTestHost.StartAsync();
        await using (host)
        {
            JoinedClient alice = await host.JoinedAsync("stopping-room", "Alice");
            JoinedClient bob = await host.JoinedAsync("stopping-room", "Bob");
            JoinedClient carol = await host.JoinedAsync("other-stopping-room", "Carol");
            WsTestClient lurker = await host.ConnectAsync(); // connected, never joined
            await lurker.SendAsync(new { type = "ping", id = "p" });
            await lurker.ReceiveAsync("pong");

            Task stopping = host.StopAsync();

            foreach (JoinedClient participant in new[] { alice, bob, carol })
            {
                Assert.Equal("serverShutdown", (await participant.Client.ReceiveAsync("leave")).GetProperty("reason").GetString());
                Assert.DoesNotContain("participantLeft", await participant.Client.RemainingTypesAfterCloseAsync());
                Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, participant.Client.CloseStatus);
                Assert.Equal("serverShutdown", participant.Client.CloseDescription);
                Assert.True(host.Engine.Peer(participant.ParticipantId).Disposed);
                await participant.Client.DisposeAsync(); // gone, as a browser would be (saves the server's close wait)
            }

            Assert.Empty(await lurker.RemainingTypesAfterCloseAsync());
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, lurker.CloseStatus);
            await lurker.DisposeAsync();

            // Every socket was closed by the server, so the host does not sit out its 30 s shutdown timeout.
            await stopping.WaitAsync(TimeSpan.FromSeconds(20));
        }
    }
}
