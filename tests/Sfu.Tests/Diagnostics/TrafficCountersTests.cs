using Sfu.Diagnostics;

namespace Sfu.Tests.Diagnostics;

/// <summary>
/// The per-thread packet and byte counters behind sfu_packets_{received,sent}_total and sfu_{received,sent}_bytes_total:
/// every thread's plain additions reach the totals read from another thread, RTP and RTCP apart, none lost. The
/// counters are process-wide and other tests count into them in parallel, so the checks are on growth at least as large
/// as ours (lost increments would show as less), with a bound on what others could plausibly add.
/// </summary>
public sealed class TrafficCountersTests
{
    [Fact]
    public void CountsFromManyThreadsAllReachTheTotalsReadElsewhere()
    {
        (long rtpBefore, long rtcpBefore) = SfuMetrics.TrafficTotals(sent: true, bytes: false);
        long rtcpBytesBefore = SfuMetrics.TrafficTotals(sent: true, bytes: true).Rtcp;
        const int Threads = 4;
        const int PerThread = 50_000;
        var threads = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            threads[t] = new Thread(() =>
            {
                for (int i = 0; i < PerThread; i++)
                {
                    SfuMetrics.CountSent(rtcp: i % 5 == 0, bytes: 100);
                }
            });
            threads[t].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        (long rtpAfter, long rtcpAfter) = SfuMetrics.TrafficTotals(sent: true, bytes: false);
        long rtcpBytesAfter = SfuMetrics.TrafficTotals(sent: true, bytes: true).Rtcp;
        const long Rtcp = Threads * PerThread / 5;
        const long Rtp = (Threads * PerThread) - Rtcp;
        Assert.InRange(rtpAfter - rtpBefore, Rtp, Rtp + 1_000_000);
        Assert.InRange(rtcpAfter - rtcpBefore, Rtcp, Rtcp + 1_000_000);
        Assert.InRange(rtcpBytesAfter - rtcpBytesBefore, Rtcp * 100, (Rtcp * 100) + 100_000_000);
    }

    [Fact]
    public void AThreadThatEndedKeepsItsCountInTheTotals()
    {
        long before = SfuMetrics.TrafficTotals(sent: false, bytes: true).Rtp;
        var thread = new Thread(() => SfuMetrics.CountReceived(rtcp: false, bytes: 1_000_000_007));
        thread.Start();
        thread.Join();

        // Counters never go down: the ended thread's block is still summed.
        Assert.True(SfuMetrics.TrafficTotals(sent: false, bytes: true).Rtp - before >= 1_000_000_007);
    }

    [Fact]
    public void CountingAllocatesNothingAfterAThreadsFirstCount()
    {
        SfuMetrics.CountSent(rtcp: false, bytes: 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            SfuMetrics.CountSent(rtcp: false, bytes: 1200);
            SfuMetrics.CountReceived(rtcp: true, bytes: 80);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
