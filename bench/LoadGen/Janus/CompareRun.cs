using System.Globalization;
using LoadGen.Remote;

namespace LoadGen.Janus;

/// <summary>
/// <c>compare</c>: the same scenario, clients and media against our server and then against Janus, one after the other
/// in one process, and the ratios. Each server's CPU per packet is its process CPU over the run divided by the packets
/// its subscribers received (the one count both have; ours also checks it against its own counter).
/// </summary>
internal static class CompareRun
{
    public static async Task<int> RunAsync(RemoteOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        RemoteResult? ours;
        await using (var run = new RemoteRun(options, output))
        {
            ours = await run.MeasureAsync(cancellationToken);
        }

        if (ours is null)
        {
            return 1;
        }

        ours.WriteTable(output);
        RemoteResult? janus;
        await using (var run = new JanusRun(options, output))
        {
            janus = await run.MeasureAsync(cancellationToken);
        }

        if (janus is null)
        {
            return 1;
        }

        janus.WriteTable(output);
        WriteComparison(ours, janus, output);
        if (options.JsonPath is not null)
        {
            new ComparisonResult(ours, janus).WriteJson(options.JsonPath, output);
        }

        return 0;
    }

    public static void WriteComparison(RemoteResult ours, RemoteResult janus, TextWriter output)
    {
        double? oursCpu = PerReceived(ours);
        double? janusCpu = PerReceived(janus);
        output.WriteLine();
        output.WriteLine($"| {ours.Scenario}, same clients | ours | Janus | Janus / ours |");
        output.WriteLine("|---|---|---|---|");
        output.WriteLine($"| server process CPU per packet received by subscribers | {Us(oursCpu)} | {Us(janusCpu)} | {Ratio(janusCpu, oursCpu)} |");
        output.WriteLine($"| packets received of owed | {ours.PacketsReceived:N0} of {ours.PacketsExpected:N0} | {janus.PacketsReceived:N0} of {janus.PacketsExpected:N0} | |");
        output.WriteLine($"| loss | {ours.LossPercent:0.000} % | {janus.LossPercent:0.000} % | |");
        output.WriteLine($"| forward latency p50 | {Ms(ours.LatencyP50Us)} | {Ms(janus.LatencyP50Us)} | {Ratio(janus.LatencyP50Us, ours.LatencyP50Us)} |");
        output.WriteLine($"| forward latency p95 | {Ms(ours.LatencyP95Us)} | {Ms(janus.LatencyP95Us)} | {Ratio(janus.LatencyP95Us, ours.LatencyP95Us)} |");
        output.WriteLine($"| forward latency p99 | {Ms(ours.LatencyP99Us)} | {Ms(janus.LatencyP99Us)} | {Ratio(janus.LatencyP99Us, ours.LatencyP99Us)} |");
        output.WriteLine($"| SRTP profile | {ours.SrtpProfile} | {janus.SrtpProfile} | |");
    }

    /// <summary>Process CPU per packet the subscribers received, in µs; null without a CPU reading or packets.</summary>
    public static double? PerReceived(RemoteResult result) =>
        result.ServerCpuSeconds is { } cpu && result.PacketsReceived > 0 ? cpu * 1e6 / result.PacketsReceived : null;

    private static string Us(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + " us" : "n/a";

    private static string Ms(double us) => (us / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms";

    private static string Ratio(double? numerator, double? denominator) =>
        numerator is { } n && denominator is > 0 ? (n / denominator.Value).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "n/a";

    private sealed record ComparisonResult(RemoteResult Ours, RemoteResult Janus)
    {
        public double? CpuRatio => PerReceived(Janus) / PerReceived(Ours);

        public void WriteJson(string path, TextWriter output)
        {
            string json = System.Text.Json.JsonSerializer.Serialize(this, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
            if (path == "-")
            {
                output.WriteLine(json);
            }
            else
            {
                File.WriteAllText(path, json);
            }
        }
    }
}
