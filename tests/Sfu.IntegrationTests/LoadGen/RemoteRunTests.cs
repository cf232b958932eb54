using System.Text.Json;
using LoadGen.Remote;
using Sfu.IntegrationTests.Meetings;

namespace Sfu.IntegrationTests.LoadGen;

/// <summary>Runs alone: the engine's counters are process-wide, and the run compares them with what its clients received.</summary>
[CollectionDefinition(nameof(LoadToolCollection), DisableParallelization = true)]
public sealed class LoadToolCollection;

/// <summary>
/// The load tool against the real server (src/Api in this process on free ports): tokens from the REST endpoint, joins
/// through /ws with our client stack, media both ways, and a result that agrees with the server's own /metrics.
/// </summary>
[Collection(nameof(LoadToolCollection))]
public sealed class RemoteRunTests
{
    [Fact]
    public async Task ARunThroughRealSignalingCountsWhatTheServerForwarded()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        string json = Path.Combine(Path.GetTempPath(), $"loadgen-{Guid.NewGuid():N}.json");
        string[] args = ["--server", server.BaseAddress.ToString(), "--scenario", "3x3", "--duration", "3", "--server-pid", Environment.ProcessId.ToString(), "--json", json];
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
        long sent = root.GetProperty("PacketsSent").GetInt64();
        Assert.Equal(3 * 3 * 150, sent); // 3 publishers, 3 s, 50 audio + 100 video packets/s
        Assert.Equal(sent * 2, root.GetProperty("PacketsExpected").GetInt64());
        long received = root.GetProperty("PacketsReceived").GetInt64();
        Assert.InRange(received, sent * 2 * 99 / 100, sent * 2);
        // The server's RTP count also holds the padding probes its bandwidth estimators sent the subscribers.
        Assert.Equal(received + root.GetProperty("ProbesReceived").GetInt64(), root.GetProperty("ServerForwarded").GetDouble(), precision: 0);
        Assert.Equal(0, root.GetProperty("PayloadErrors").GetInt64());
        Assert.InRange(root.GetProperty("LatencyP50Us").GetDouble(), 1, 1_000_000);
        Assert.True(root.GetProperty("ServerCpuSeconds").GetDouble() > 0);
        Assert.Contains("| loss |", output.ToString());
    }
}
