using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sfu.Engine;
using Signaling.Hosting;
using Signaling.Protocol;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Hosting;

/// <summary>
/// The limits over real HTTP and WebSockets: per-address rate limits (429), the connection cap (503) and the server caps
/// as the browser sees them. Every request comes from 127.0.0.1, which is limited like any other address.
/// </summary>
public sealed class ServerLimitsHostTests
{
    [Fact]
    public async Task JoinTokenRequestsBeyondTheLimitGet429WithRetryAfterAndAProblemThatSaysWhy()
    {
        await using SignalingTestHost host = await SignalingTestHost.StartAsync("--Signaling:JoinTokenPermits=3", "--Signaling:JoinTokenWindow=00:01:00");
        for (int i = 0; i < 3; i++)
        {
            await host.TokenAsync("limits-room", "Alice");
        }

        using HttpResponseMessage refused = await host.Http.PostAsJsonAsync("/api/meetings/limits-room/join", new { displayName = "Alice" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        TimeSpan retryAfter = Assert.IsType<TimeSpan>(refused.Headers.RetryAfter?.Delta);
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        JsonElement problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(ErrorCodes.RateLimited, problem.GetProperty("code").GetString());
        Assert.Contains("too many join token requests from your address (at most 3 per 60 s)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The handshake limit is separate: this address may still connect.
        await using WsTestClient client = await host.ConnectAsync();
    }

    [Fact]
    public async Task WebSocketHandshakesBeyondTheLimitGet429BeforeTheUpgrade()
    {
        await using SignalingTestHost host = await SignalingTestHost.StartAsync("--Signaling:HandshakePermits=2", "--Signaling:HandshakeWindow=00:01:00");
        await host.ConnectAsync();
        await host.ConnectAsync();

        using var third = new ClientWebSocket();
        third.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => third.ConnectAsync(WsUri(host), CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, third.HttpStatusCode);
        Assert.True(int.Parse(Assert.Single(third.HttpResponseHeaders!["Retry-After"])) >= 1);
        string response = await RawHandshakeAsync(host, "from your address");
        Assert.StartsWith("HTTP/1.1 429", response, StringComparison.Ordinal);
        Assert.Contains("too many WebSocket handshakes from your address", response, StringComparison.Ordinal);

        // Tokens are counted apart from handshakes.
        await host.TokenAsync("limits-room", "Alice");
    }

    [Fact]
    public async Task HandshakesBeyondMaxConnectionsGet503UntilASocketCloses()
    {
        await using SignalingTestHost host = await SignalingTestHost.StartAsync("--Signaling:MaxConnections=2");
        WsTestClient first = await host.ConnectAsync();
        await host.ConnectAsync();

        using var third = new ClientWebSocket();
        third.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => third.ConnectAsync(WsUri(host), CancellationToken.None));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.HttpStatusCode);
        Assert.Equal("10", Assert.Single(third.HttpResponseHeaders!["Retry-After"]));
        string response = await RawHandshakeAsync(host, "connections open");
        Assert.StartsWith("HTTP/1.1 503", response, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"too_many_connections\"", response, StringComparison.Ordinal);
        Assert.Contains("maximum of 2 signaling connections", response, StringComparison.Ordinal);

        await first.DisposeAsync();
        await Eventually.TrueAsync(() => host.App.Services.GetRequiredService<Signaling.Diagnostics.SignalingMetrics>().OpenConnections < 2, "the closed socket to be counted out");
        await host.ConnectAsync();
    }

    [Fact]
    public async Task TheServerCapsReachTheBrowserAsErrorsAndTheConnectionStays()
    {
        await using SignalingTestHost host = await SignalingTestHost.StartAsync("--Signaling:MaxParticipants=1");
        JoinedClient alice = await host.JoinedAsync("limits-room", "Alice");
        host.Engine.Peer(alice.ParticipantId).Observer.OnMediaConnected();

        WsTestClient bob = await host.JoinAsync("other-room", "Bob");
        JsonElement error = await bob.ReceiveAsync("error");

        Assert.Equal(ErrorCodes.ServerFull, error.GetProperty("code").GetString());
        await bob.SendAsync(new { type = "ping", id = "still-open" });
        Assert.Equal("still-open", (await bob.ReceiveAsync("pong")).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("--Signaling:MaxRooms=0", "Signaling:MaxRooms")]
    [InlineData("--Signaling:MaxConnections=-1", "Signaling:MaxConnections")]
    [InlineData("--Signaling:JoinTokenWindow=00:00:00", "Signaling:JoinTokenWindow")]
    [InlineData("--Signaling:HandshakePermits=-5", "Signaling:HandshakePermits")]
    public async Task AnInvalidLimitStopsTheStartNamingTheSetting(string setting, string named)
    {
        await using var app = Api.Program.BuildApp(
            ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "None", setting],
            services => services.AddSingleton<ISfuEngine>(new FakeEngine()));

        OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    public void ClientsArePartitionedByIPv4AddressOrIPv6Slash64(string address, string partition) =>
        Assert.Equal(partition, RateLimits.PartitionKey(IPAddress.Parse(address)));

    private static Uri WsUri(SignalingTestHost host) => new UriBuilder(host.Base) { Scheme = "ws", Path = "/ws" }.Uri;

    /// <summary>A WebSocket handshake by hand, to read the body of a refusal (ClientWebSocket does not expose it).</summary>
    private static async Task<string> RawHandshakeAsync(SignalingTestHost host, string until)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(host.Base.Host, host.Base.Port);
        NetworkStream stream = tcp.GetStream();
        string request = $"GET /ws HTTP/1.1\r\nHost: {host.Base.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!received.ToString().Contains(until, StringComparison.Ordinal))
        {
            int read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return received.ToString();
    }
}
