using System.Globalization;

namespace LoadGen.Remote;

/// <summary>
/// The server's CPU seconds: its own <c>process_cpu_seconds_total</c> from /metrics (so the figure holds for a remote
/// server), or for a local process without it, utime + stime of <c>/proc/PID/stat</c> (proc(5), clock ticks of 1/100 s).
/// </summary>
internal static class ServerCpu
{
    public static double? FromMetrics(string? metrics) => metrics is null ? null : PrometheusText.Sum(metrics, "process_cpu_seconds_total");

    public static double? FromProc(int pid)
    {
        string path = $"/proc/{pid}/stat";
        if (pid <= 0 || !File.Exists(path))
        {
            return null;
        }

        string stat = File.ReadAllText(path);
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100;
    }
}
