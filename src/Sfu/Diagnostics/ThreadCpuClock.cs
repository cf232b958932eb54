using System.Runtime.InteropServices;

namespace Sfu.Diagnostics;

/// <summary>
/// CPU time consumed by the calling thread (POSIX <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>). A media worker reads
/// its own, so "CPU per forwarded packet" can be measured per worker while other threads (clients, signaling, the GC)
/// share the machine: wall-clock time on a shared machine says little.
/// </summary>
public static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>The calling thread's CPU time, or null where the clock is not available (not Linux).</summary>
    public static TimeSpan? Now()
    {
        if (_unavailable)
        {
            return null;
        }

        try
        {
            if (ClockGetTime(ClockThreadCpuTime, out TimeSpec spec) != 0)
            {
                return null;
            }

            return TimeSpan.FromTicks((spec.Seconds * TimeSpan.TicksPerSecond) + (spec.Nanoseconds / 100));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
