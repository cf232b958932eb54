namespace Sfu.Diagnostics;

/// <summary>
/// Packets and bytes in and out, by RTP or RTCP, counted per thread in plain longs and summed when /metrics is scraped.
/// These are the only counters touched for every forwarded copy; as <see cref="System.Diagnostics.Metrics.Counter{T}"/>
/// measurements they cost a <c>MeterListener</c> dispatch and an interlocked add on a cache line the workers share
/// (~65 ns each, four per forwarded packet, bench/README.md). Here the owning thread adds without a lock or an atomic
/// instruction to a block no other thread writes; the scraping thread reads each block (a 64-bit read is atomic on the
/// 64-bit runtimes the engine runs on). A thread's block stays registered after the thread ends, so totals never go down.
/// </summary>
internal static class TrafficCounters
{
    public const int PacketsIn = 0;
    public const int BytesIn = 1;
    public const int PacketsOut = 2;
    public const int BytesOut = 3;

    // RTCP slots follow the RTP ones.
    private const int RtcpOffset = 4;
    private const int Slots = 8;

    // Each block keeps its counters a cache line (64 bytes) away from both of its ends, so two threads' blocks never
    // share a line however the allocator places them.
    private const int Padding = 8;

    private static readonly List<long[]> Blocks = [];
    private static readonly Lock Gate = new();

    [ThreadStatic]
    private static long[]? t_block;

    /// <summary>One packet of <paramref name="bytes"/> in the direction whose packet slot is <paramref name="packetSlot"/>.</summary>
    public static void Add(int packetSlot, bool rtcp, int bytes)
    {
        long[] block = t_block ?? Register();
        int slot = Padding + packetSlot + (rtcp ? RtcpOffset : 0);
        block[slot]++;
        block[slot + 1] += bytes;
    }

    /// <summary>The process-wide total of one slot (<see cref="PacketsIn"/> ...) for RTP or RTCP, summed over every thread.</summary>
    public static long Total(int slot, bool rtcp)
    {
        int index = Padding + slot + (rtcp ? RtcpOffset : 0);
        long total = 0;
        lock (Gate)
        {
            foreach (long[] block in Blocks)
            {
                total += Volatile.Read(ref block[index]);
            }
        }

        return total;
    }

    /// <summary>A thread's first count: its block, allocated and registered once (the only lock and allocation).</summary>
    private static long[] Register()
    {
        long[] block = new long[Padding + Slots + Padding];
        lock (Gate)
        {
            Blocks.Add(block);
        }

        t_block = block;
        return block;
    }
}
