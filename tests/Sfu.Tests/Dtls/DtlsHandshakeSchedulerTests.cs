using Sfu.Dtls;

namespace Sfu.Tests.Dtls;

public sealed class DtlsHandshakeSchedulerTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task No_more_than_max_concurrent_run_and_the_rest_wait_their_turn()
    {
        using var scheduler = new DtlsHandshakeScheduler(maxConcurrent: 2, maxWaiting: 10, maxWait: TimeSpan.FromSeconds(30));
        var gates = new TaskCompletionSource<int>[5];
        var runs = new Task<int>[5];
        int inside = 0;
        int peak = 0;
        for (int i = 0; i < gates.Length; i++)
        {
            var gate = gates[i] = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            runs[i] = scheduler.RunAsync(async _ =>
            {
                int now = Interlocked.Increment(ref inside);
                InterlockedMax(ref peak, now);
                try
                {
                    return await gate.Task;
                }
                finally
                {
                    Interlocked.Decrement(ref inside);
                }
            }, CancellationToken.None);
        }

        Assert.Equal(2, scheduler.Running);
        Assert.Equal(3, scheduler.Waiting);
        for (int i = 0; i < gates.Length; i++)
        {
            gates[i].SetResult(i);
        }

        int[] results = await Task.WhenAll(runs).WaitAsync(Guard);

        Assert.Equal([0, 1, 2, 3, 4], results);
        Assert.Equal(2, peak);
        Assert.Equal(5, scheduler.Succeeded);
        Assert.Equal(0, scheduler.Running);
        Assert.Equal(0, scheduler.Waiting);
    }

    [Fact]
    public async Task Beyond_max_waiting_a_run_is_refused_at_once()
    {
        using var scheduler = new DtlsHandshakeScheduler(maxConcurrent: 1, maxWaiting: 1, maxWait: TimeSpan.FromSeconds(30));
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> running = scheduler.RunAsync(_ => gate.Task, CancellationToken.None);
        Task<int> waiting = scheduler.RunAsync(_ => Task.FromResult(2), CancellationToken.None);

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(
            () => scheduler.RunAsync(_ => Task.FromResult(3), CancellationToken.None));

        Assert.Equal(DtlsFailureReason.SchedulerBusy, error.Reason);
        Assert.Equal(1, scheduler.Rejected);
        gate.SetResult(1);
        Assert.Equal(1, await running.WaitAsync(Guard));
        Assert.Equal(2, await waiting.WaitAsync(Guard));
    }

    [Fact]
    public async Task A_wait_longer_than_max_wait_is_refused()
    {
        using var scheduler = new DtlsHandshakeScheduler(maxConcurrent: 1, maxWaiting: 4, maxWait: TimeSpan.FromMilliseconds(50));
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> running = scheduler.RunAsync(_ => gate.Task, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(
            () => scheduler.RunAsync(_ => Task.FromResult(2), CancellationToken.None).WaitAsync(Guard));

        Assert.Equal(DtlsFailureReason.SchedulerBusy, error.Reason);
        Assert.Equal(1, scheduler.Rejected);
        Assert.Equal(0, scheduler.Waiting);
        gate.SetResult(1);
        await running.WaitAsync(Guard);
    }

    [Fact]
    public async Task A_failed_run_is_counted_and_frees_its_slot()
    {
        using var scheduler = new DtlsHandshakeScheduler(maxConcurrent: 1);

        await Assert.ThrowsAsync<DtlsHandshakeException>(() => scheduler.RunAsync<int>(
            _ => Task.FromException<int>(new DtlsHandshakeException(DtlsFailureReason.Timeout, "t")), CancellationToken.None));

        Assert.Equal(1, scheduler.Failed);
        Assert.Equal(5, await scheduler.RunAsync(_ => Task.FromResult(5), CancellationToken.None).WaitAsync(Guard));
    }

    [Fact]
    public async Task Cancelling_a_waiting_run_leaves_the_queue()
    {
        using var scheduler = new DtlsHandshakeScheduler(maxConcurrent: 1, maxWaiting: 4, maxWait: TimeSpan.FromSeconds(30));
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> running = scheduler.RunAsync(_ => gate.Task, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        Task<int> waiting = scheduler.RunAsync(_ => Task.FromResult(2), cts.Token);

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Guard));
        Assert.Equal(0, scheduler.Waiting);
        Assert.Equal(0, scheduler.Rejected);
        gate.SetResult(1);
        await running.WaitAsync(Guard);
    }

    [Fact]
    public void Arguments_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsHandshakeScheduler(maxConcurrent: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsHandshakeScheduler(maxWaiting: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsHandshakeScheduler(maxWait: TimeSpan.FromSeconds(-1)));
        Assert.Equal(DtlsHandshakeScheduler.DefaultMaxConcurrent, new DtlsHandshakeScheduler().MaxConcurrent);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current = Volatile.Read(ref target);
        while (value > current)
        {
            int seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
