using LoadGen.Janus;
using LoadGen.Remote;

namespace Sfu.IntegrationTests.LoadGen;

/// <summary>A Janus run that cannot reach Janus ends with the reason and no result, not a stack trace.</summary>
public class JanusRunTests
{
    [Fact]
    public async Task AnUnreachableJanusEndsWithItsReason()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Assert.True(RemoteOptions.TryParse(["--target", "janus", "--server", $"ws://127.0.0.1:{closedPort}", "--janus-pid", "1", "--scenario", "2x2", "--duration", "1"], out RemoteOptions options, out string? error), error);
        var output = new StringWriter();

        await using var run = new JanusRun(options, output);
        RemoteResult? result = await run.MeasureAsync(CancellationToken.None);

        Assert.Null(result);
        Assert.Contains("janus run failed: ", output.ToString(), StringComparison.Ordinal);
    }
}
