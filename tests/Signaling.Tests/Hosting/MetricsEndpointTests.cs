using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Sfu.Engine;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Hosting;

/// <summary><c>GET /metrics</c> on the real host (Kestrel on 127.0.0.1, any port), as Prometheus would scrape it.</summary>
public sealed class MetricsEndpointTests
{
    private const string MalformedDrops = "sfu_dropped_packets_total{reason=\"malformed\"}";

    [Fact]
    public async Task RealEngineHostServesEngineGaugesAndCountsADatagramItDropped()
    {
        await using WebApplication app = Api.Program.BuildApp(
            ["--urls", "http://127.0.0.1:0", "--Sfu:Port=0", "--Sfu:BindAddress=127.0.0.1", "--Logging:LogLevel:Default", "Warning"]);
        await app.StartAsync();
        var engine = Assert.IsType<SfuEngine>(app.Services.GetRequiredService<ISfuEngine>());
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        HttpResponseMessage response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        string[] lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Contains("sfu_rooms 0", lines);
        Assert.Contains("sfu_participants 0", lines);
        Assert.Contains("sfu_tracks_published 0", lines);
        Assert.Contains("sfu_tracks_subscribed 0", lines);
        Assert.Contains("# TYPE sfu_signaling_connections gauge", lines);
        // prometheus-net's process and runtime series come with every scrape.
        Assert.Contains("# TYPE process_cpu_seconds_total counter", lines);
        Assert.Contains("# TYPE dotnet_total_memory_bytes gauge", lines);

        // One byte fits no protocol on the port (RFC 7983): the media thread drops it as malformed. Other tests'
        // engines in this process count into the same static counter, so the check is "went up", not an exact value.
        double before = ValueOf(lines, MalformedDrops) ?? 0;
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        await ScrapeUntilAsync(http, scraped => ValueOf(scraped, MalformedDrops) >= before + 1, "the malformed datagram counted", async () =>
        {
            // Sent again on each try: a loopback datagram is not expected to be lost, but UDP does not promise it.
            await udp.SendAsync(new byte[] { 0x00 }, engine.MediaEndPoint);
        });
        await app.StopAsync();
    }

    [Fact]
    public async Task SignalingConnectionsAreCountedPerHostAndAReplacedEngineHasNoEngineGauges()
    {
        await using WebApplication app = Api.Program.BuildApp(
            ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"],
            services => services.AddSingleton<ISfuEngine>(new FakeEngine()));
        await app.StartAsync();
        var baseAddress = new Uri(app.Urls.First());
        using var http = new HttpClient { BaseAddress = baseAddress };

        string[] idle = (await http.GetStringAsync("/metrics")).Split('\n');
        Assert.Contains("sfu_signaling_connections 0", idle);
        Assert.DoesNotContain(idle, l => l.StartsWith("sfu_rooms", StringComparison.Ordinal));

        await using (WsTestClient first = await WsTestClient.ConnectAsync(baseAddress))
        await using (WsTestClient second = await WsTestClient.ConnectAsync(baseAddress))
        {
            await ConnectionsAsync(http, 2);
        }

        await ConnectionsAsync(http, 0);
        await app.StopAsync();
    }

    [Fact]
    public async Task AMetricsPortServesMetricsThereOnlyAndAddressesOutsideTheAllowedNetworksAreRefused()
    {
        int metricsPort = FreeTcpPort();
        await using WebApplication app = Api.Program.BuildApp(
            ["--urls", "http://127.0.0.1:0", $"--Metrics:Port={metricsPort}", "--Logging:LogLevel:Default", "Warning"],
            services => services.AddSingleton<ISfuEngine>(new FakeEngine()));
        await app.StartAsync();
        using var main = new HttpClient { BaseAddress = new Uri(app.Urls.First(u => !u.Contains("*", StringComparison.Ordinal))) };
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };

        Assert.Equal(HttpStatusCode.NotFound, (await main.GetAsync("/metrics")).StatusCode);
        HttpResponseMessage scraped = await metrics.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("sfu_signaling_connections 0", (await scraped.Content.ReadAsStringAsync()).Split('\n'));
        await app.StopAsync();

        // Loopback is not in this list: the scrape from 127.0.0.1 is refused with a reason.
        await using WebApplication closed = Api.Program.BuildApp(
            ["--urls", "http://127.0.0.1:0", "--Metrics:AllowedAddresses:0=10.0.0.0/8", "--Logging:LogLevel:Default", "Warning"],
            services => services.AddSingleton<ISfuEngine>(new FakeEngine()));
        await closed.StartAsync();
        using var refused = new HttpClient { BaseAddress = new Uri(closed.Urls.First()) };
        HttpResponseMessage response = await refused.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Metrics:AllowedAddresses", await response.Content.ReadAsStringAsync());
        await closed.StopAsync();
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The server counts a socket after its handshake and uncounts it after the close: wait for it (a correctness wait, not a timing assertion).</summary>
    private static Task ConnectionsAsync(HttpClient http, int expected) =>
        ScrapeUntilAsync(http, lines => ValueOf(lines, "sfu_signaling_connections") == expected, $"sfu_signaling_connections {expected}");

    private static async Task ScrapeUntilAsync(HttpClient http, Func<string[], bool> condition, string what, Func<Task>? beforeEachScrape = null)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (beforeEachScrape is not null)
            {
                await beforeEachScrape();
            }

            string text = await http.GetStringAsync("/metrics");
            if (condition(text.Split('\n')))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}; last scrape:\n{text}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The value of the sample line that starts with <paramref name="series"/> (name and labels), or null.</summary>
    private static double? ValueOf(IEnumerable<string> lines, string series)
    {
        var pattern = new Regex("^" + Regex.Escape(series) + " (\\S+)$");
        foreach (string line in lines)
        {
            Match match = pattern.Match(line);
            if (match.Success)
            {
                return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
