using System.Globalization;

namespace LoadGen.Remote;

/// <summary>
/// The server's CPU seconds: its own <c>process_cpu_seconds_total</c> from /metrics (so the figure holds for a remote
/// server), or for a local process without it, utime + stime of <c>/proc/PID/stat</c> (proc(5), clock ticks of 1/100 s).
/// </summary>
internal static class ServerCpu
{
    public static double? FromMetrics(string? metrics) => metrics is null ? null : PrometheusText.Sum(metrics, "process_cpu_seconds_total");

    public static double? FromProc(int pid) => pid > 0 ? ReadStat($"/proc/{pid}/stat") : null;

    /// <summary>CPU seconds of a local process's threads whose name starts with <paramref name="threadPrefix"/> (our media workers: "sfu-worker-").</summary>
    public static double? FromProcThreads(int pid, string threadPrefix)
    {
        string tasks = $"/proc/{pid}/task";
        if (pid <= 0 || !Directory.Exists(tasks))
        {
            return null;
        }

        double? sum = null;
        foreach (string task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(threadPrefix, StringComparison.Ordinal))
                {
                    sum = (sum ?? 0) + ReadStat(Path.Combine(task, "stat"));
                }
            }
            catch (IOException)
            {
                // the thread ended between listing and reading
            }
        }

        return sum;
    }

    private static double? ReadStat(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string stat = File.ReadAllText(path);
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100;
    }
}
