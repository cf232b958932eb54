using LoadGen.Janus;
using LoadGen.Remote;

namespace Sfu.IntegrationTests.LoadGen;

/// <summary>
/// The table <c>compare</c> prints: each server's process CPU divided by the packets its subscribers received (the one
/// count both servers have), and Janus over ours for CPU and latency; a side without a CPU reading shows n/a, not a ratio.
/// </summary>
public class CompareRunTests
{
    [Fact]
    public void CpuPerReceivedPacketAndTheRatiosComeFromBothResults()
    {
        RemoteResult ours = Result("sfu", cpuSeconds: 1.0, received: 100_000, p50Us: 400);
        RemoteResult janus = Result("janus", cpuSeconds: 3.5, received: 99_000, p50Us: 1_600);
        var output = new StringWriter();

        CompareRun.WriteComparison(ours, janus, output);

        Assert.Equal(10.0, CompareRun.PerReceived(ours)!.Value, 9);
        string table = output.ToString();
        Assert.Contains("| server process CPU per packet received by subscribers | 10.00 us | 35.35 us | 3.54x |", table, StringComparison.Ordinal);
        Assert.Contains("| forward latency p50 | 0.40 ms | 1.60 ms | 4.00x |", table, StringComparison.Ordinal);
        Assert.Contains("| packets received of owed | 100,000 of 100,000 | 99,000 of 100,000 | |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutACpuReadingThereIsNoRatio()
    {
        RemoteResult ours = Result("sfu", cpuSeconds: null, received: 100, p50Us: 1);
        var output = new StringWriter();

        CompareRun.WriteComparison(ours, Result("janus", 1, 0, 1), output);

        Assert.Null(CompareRun.PerReceived(ours));
        Assert.Contains("| server process CPU per packet received by subscribers | n/a | n/a | n/a |", output.ToString(), StringComparison.Ordinal);
    }

    private static RemoteResult Result(string target, double? cpuSeconds, long received, double p50Us) => new()
    {
        Target = target,
        Server = "x",
        Scenario = "10x10 --rooms 2",
        PacketsExpected = 100_000,
        PacketsReceived = received,
        ServerCpuSeconds = cpuSeconds,
        LatencyP50Us = p50Us,
        LatencyP95Us = p50Us * 2,
        LatencyP99Us = p50Us * 3,
    };
}
