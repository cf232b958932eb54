using System.Text.Json;

namespace LoadGen.Remote;

/// <summary>What one run against a server measured; printed as a table and optionally written as JSON.</summary>
internal sealed record RemoteResult
{
    public required string Target { get; init; }

    public required string Server { get; init; }

    public required string Scenario { get; init; }

    /// <summary>The SRTP profile DTLS agreed on (the first client's).</summary>
    public string? SrtpProfile { get; init; }

    public int Participants { get; init; }

    public double Seconds { get; init; }

    public long PacketsSent { get; init; }

    public long PacketsExpected { get; init; }

    public long PacketsReceived { get; init; }

    public double LossPercent { get; init; }

    public long PayloadErrors { get; init; }

    public double LatencyP50Us { get; init; }

    public double LatencyP95Us { get; init; }

    public double LatencyP99Us { get; init; }

    public double JitterMeanUs { get; init; }

    /// <summary>RTP packets the server says it sent (sfu_packets_sent_total{kind="rtp"} over the run); null when it does not say.</summary>
    public double? ServerForwarded { get; init; }

    /// <summary>Padding-only probes of the server's bandwidth estimators that subscribers received: the server counts them as RTP sent.</summary>
    public long ProbesReceived { get; init; }

    /// <summary>How far the clients' count is from the server's, in percent of the server's.</summary>
    public double? CountDifferencePercent { get; init; }

    /// <summary>Datagrams the kernel dropped at the server's sockets (sfu_socket_receive_drops_total over the run).</summary>
    public double? ServerSocketDrops { get; init; }

    /// <summary>Packets the server dropped itself, all reasons (sfu_dropped_packets_total over the run).</summary>
    public double? ServerDrops { get; init; }

    public double? ServerCpuSeconds { get; init; }

    public string? ServerCpuSource { get; init; }

    public double? ServerCpuUsPerPacket { get; init; }

    public double? ServerCpuSecondsPerMillion => ServerCpuUsPerPacket;

    /// <summary>CPU of the server's media worker threads per forwarded packet (local server with --server-pid only).</summary>
    public double? WorkerCpuUsPerPacket { get; init; }

    /// <summary>With --simulcast: video packets received by all subscribers per layer, low (q) to high (f); else null.</summary>
    public IReadOnlyList<long>? LayerPackets { get; init; }

    public IReadOnlyList<string> Errors { get; init; } = [];

    public void WriteTable(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"| {Target} {Scenario} ({Participants} participants, {Seconds:0.0} s) | value |");
        output.WriteLine("|---|---|");
        output.WriteLine($"| SRTP profile | {SrtpProfile ?? "unknown"} |");
        output.WriteLine($"| packets sent by publishers | {PacketsSent:N0} |");
        output.WriteLine($"| packets forwarded, received by subscribers | {PacketsReceived:N0} of {PacketsExpected:N0} |");
        output.WriteLine($"| loss | {LossPercent:0.000} % (payload errors {PayloadErrors}) |");
        output.WriteLine($"| forward latency p50 / p95 / p99 | {LatencyP50Us / 1000:0.00} / {LatencyP95Us / 1000:0.00} / {LatencyP99Us / 1000:0.00} ms |");
        output.WriteLine($"| jitter (mean of streams) | {JitterMeanUs / 1000:0.000} ms |");
        output.WriteLine($"| bandwidth probes received (padding) | {ProbesReceived:N0} |");
        output.WriteLine($"| server's own forwarded count | {(ServerForwarded is { } f ? f.ToString("N0") : "not exposed")} |");
        output.WriteLine($"| clients vs server count | {(CountDifferencePercent is { } d ? $"{d:+0.00;-0.00} %" : "n/a")} |");
        output.WriteLine($"| server drops: at its sockets / its own | {Show(ServerSocketDrops)} / {Show(ServerDrops)} |");
        output.WriteLine($"| server CPU | {(ServerCpuSeconds is { } c ? $"{c:0.00} s ({ServerCpuSource})" : "unknown (no process_cpu_seconds_total; pass --server-pid)")} |");
        output.WriteLine($"| server CPU per forwarded packet | {(ServerCpuUsPerPacket is { } u ? $"{u:0.00} us = {u:0.00} s per million" : "n/a")} |");
        if (WorkerCpuUsPerPacket is { } w)
        {
            output.WriteLine($"| server media worker threads' CPU per forwarded packet | {w:0.00} us |");
        }

        if (LayerPackets is { } layers)
        {
            output.WriteLine($"| simulcast video received per layer q / h / f | {string.Join(" / ", layers.Select(l => l.ToString("N0")))} (expected counts the full layer) |");
        }

        foreach (string error in Errors.Take(10))
        {
            output.WriteLine("error: " + error);
        }
    }

    private static string Show(double? value) => value is { } v ? v.ToString("N0") : "none reported";

    public void WriteJson(string path, TextWriter output)
    {
        string json = JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true });
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
