using System.Diagnostics;

namespace LoadGen;

/// <summary>Process-wide counters at one instant; two of them bound the steady-state window.</summary>
internal readonly record struct ProcessSnapshot(long Timestamp, TimeSpan CpuTime, TimeSpan? WorkerCpuTime, int Gen0, int Gen1, int Gen2, long AllocatedBytes, long PacketsReceived)
{
    /// <summary>The engine's media worker threads ("sfu-worker-0", "sfu-worker-1", ...), summed.</summary>
    public const string WorkerThreadName = "sfu-worker-";

    /// <summary>
    /// Reads the counters. The allocation counter is read last when opening the window and first when closing it, so
    /// that reading the other counters (which allocates) stays outside the window.
    /// </summary>
    public static ProcessSnapshot Take(long packetsReceived, bool opensWindow)
    {
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int gen0 = GC.CollectionCount(0);
        int gen1 = GC.CollectionCount(1);
        int gen2 = GC.CollectionCount(2);
        TimeSpan? worker = ThreadCpu.Read(WorkerThreadName);
        using Process process = Process.GetCurrentProcess();
        TimeSpan cpu = process.TotalProcessorTime;
        long allocated = opensWindow ? GC.GetTotalAllocatedBytes(precise: true) : allocatedBefore;
        return new ProcessSnapshot(Stopwatch.GetTimestamp(), cpu, worker, gen0, gen1, gen2, allocated, packetsReceived);
    }

    public double SecondsSince(in ProcessSnapshot earlier) => Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp).TotalSeconds;
}
