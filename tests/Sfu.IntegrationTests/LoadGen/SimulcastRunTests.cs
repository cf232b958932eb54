using System.Text.Json;
using LoadGen;
using LoadGen.Remote;
using Sfu.IntegrationTests.Meetings;

namespace Sfu.IntegrationTests.LoadGen;

/// <summary>
/// The load tool's --simulcast: publishers send q/h/f layers with our client stack, and the result reports which
/// layers the real server (src/Api in this process) forwarded, counted from the layer SSRC in each received payload.
/// </summary>
[Collection(nameof(LoadToolCollection))]
public sealed class SimulcastRunTests
{
    [Fact]
    public void The_simulcast_flag_takes_no_value_in_both_modes()
    {
        Assert.True(RemoteOptions.TryParse(["--server", "http://127.0.0.1:1", "--simulcast", "--scenario", "2x2"], out RemoteOptions remote, out string? error), error);
        Assert.True(remote.Simulcast);
        Assert.Equal("2x2", remote.Scenario.Name);
        Assert.True(RemoteOptions.TryParse(["--server", "http://127.0.0.1:1"], out RemoteOptions plain, out error), error);
        Assert.False(plain.Simulcast);

        Assert.True(LoadGenOptions.TryParse(["--simulcast", "--rooms", "1"], out LoadGenOptions local, out error), error);
        Assert.True(local.Simulcast);
        Assert.Equal(1, local.Rooms);
        Assert.False(LoadGenOptions.TryParse(["--simulcast", "--rooms"], out _, out error));
        Assert.Equal("--rooms needs a non-negative number", error);
        Assert.False(LoadGenOptions.TryParse(["--simulcasts"], out _, out _));
    }

    [Fact]
    public async Task A_simulcast_run_reports_the_layers_the_server_forwarded()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        string json = Path.Combine(Path.GetTempPath(), $"loadgen-sim-{Guid.NewGuid():N}.json");
        string[] args = ["--server", server.BaseAddress.ToString(), "--scenario", "2x2", "--duration", "8", "--simulcast", "--json", json];
        Assert.True(RemoteOptions.TryParse(args, out RemoteOptions options, out string? error), error);
        var output = new StringWriter();

        int exitCode;
        await using (var run = new RemoteRun(options, output))
        {
            exitCode = await run.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));
        }

        Assert.True(exitCode == 0, output.ToString());
        using JsonDocument result = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        File.Delete(json);
        JsonElement root = result.RootElement;
        long[] layers = [.. root.GetProperty("LayerPackets").EnumerateArray().Select(e => e.GetInt64())];
        Assert.Equal(3, layers.Length);

        // Two participants watching each other over open loopback links: most video arrives on the full layer.
        // 8 s of the full layer (100 packets/s) for each of the two would be 1,600 packets.
        Assert.True(layers[2] >= 400, $"full layer packets {layers[2]}: {output}");
        Assert.True(layers[2] > layers[0] + layers[1], $"layer mix {string.Join('/', layers)}");
        Assert.Equal(0, root.GetProperty("PayloadErrors").GetInt64());
        Assert.Contains("| simulcast video received per layer q / h / f |", output.ToString());

        // Audio and the full layer are owed to the one other member: 8 s x (50 + 100) packets/s x 2 publishers.
        Assert.Equal(2 * 8 * 150, root.GetProperty("PacketsExpected").GetInt64());
    }
}
