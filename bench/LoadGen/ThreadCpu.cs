using System.Globalization;

namespace LoadGen;

/// <summary>
/// CPU time of this process's threads whose name starts with a prefix, from Linux /proc/self/task/*/stat (utime + stime,
/// in clock ticks of 1/100 s). Lets the report separate the SFU's media worker from the in-process clients.
/// </summary>
internal static class ThreadCpu
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Null when /proc is not there (not Linux) or no thread matches.</summary>
    public static TimeSpan? Read(string namePrefix)
    {
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks))
        {
            return null;
        }

        double ticks = 0;
        bool found = false;
        foreach (string task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                // The kernel keeps the first 15 bytes of a thread name.
                string name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                string prefix = namePrefix.Length > 15 ? namePrefix[..15] : namePrefix;
                if (!name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                // Fields after "(comm) ": state is field 3, utime field 14, stime field 15 (proc(5)).
                string stat = File.ReadAllText(Path.Combine(task, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
                found = true;
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return found ? TimeSpan.FromSeconds(ticks / ClockTicksPerSecond) : null;
    }
}
