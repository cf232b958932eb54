using Sfu.Dtls;

namespace Sfu.IntegrationTests.Dtls;

/// <summary>Many handshakes at once over loopback UDP, the server side bounded by the scheduler.</summary>
public sealed class DtlsSchedulerUdpTests
{
    private static readonly TimeSpan TestGuard = TimeSpan.FromSeconds(14);

    [Fact]
    public async Task Many_concurrent_handshakes_all_complete_through_a_small_scheduler()
    {
        const int Pairs = 20;
        using var scheduler = new DtlsHandshakeScheduler(maxConcurrent: 4, maxWaiting: Pairs, maxWait: TimeSpan.FromSeconds(12));
        var pairs = new DtlsTestPair[Pairs];
        var servers = new Task<DtlsHandshakeResult>[Pairs];
        var clients = new Task<DtlsHandshakeResult>[Pairs];
        int peakRunning = 0;
        try
        {
            for (int i = 0; i < Pairs; i++)
            {
                pairs[i] = new DtlsTestPair();
                servers[i] = scheduler.RunAsync(pairs[i].Server);
                clients[i] = pairs[i].Client.RunAsync();
                peakRunning = Math.Max(peakRunning, scheduler.Running);
            }

            DtlsHandshakeResult[] serverResults = await Task.WhenAll(servers).WaitAsync(TestGuard);
            DtlsHandshakeResult[] clientResults = await Task.WhenAll(clients).WaitAsync(TestGuard);

            for (int i = 0; i < Pairs; i++)
            {
                Assert.Equal(serverResults[i].KeyingMaterial, clientResults[i].KeyingMaterial);
                Assert.Equal(serverResults[i].Profile, clientResults[i].Profile);
            }

            // Every pair derived its own keys.
            Assert.NotEqual(serverResults[0].KeyingMaterial, serverResults[1].KeyingMaterial);
            Assert.Equal(Pairs, scheduler.Succeeded);
            Assert.Equal(0, scheduler.Rejected);
            Assert.Equal(0, scheduler.Running);
            Assert.InRange(peakRunning, 1, 4);
        }
        finally
        {
            foreach (DtlsTestPair? pair in pairs)
            {
                pair?.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_full_scheduler_refuses_at_once_and_counts_it()
    {
        using var scheduler = new DtlsHandshakeScheduler(maxConcurrent: 1, maxWaiting: 0);
        var options = new DtlsHandshakeOptions { Timeout = TimeSpan.FromSeconds(1) };
        using var occupying = new DtlsTestPair(serverOptions: options);
        using var refused = new DtlsTestPair();

        // Its client never runs, so this server holds the only slot until its timeout.
        Task<DtlsHandshakeResult> first = scheduler.RunAsync(occupying.Server);
        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => scheduler.RunAsync(refused.Server).WaitAsync(TestGuard));

        Assert.Equal(DtlsFailureReason.SchedulerBusy, error.Reason);
        Assert.Equal(1, scheduler.Rejected);
        Assert.True(refused.Server.Channel.IsClosed);
        var timeout = await Assert.ThrowsAsync<DtlsHandshakeException>(() => first.WaitAsync(TestGuard));
        Assert.Equal(DtlsFailureReason.Timeout, timeout.Reason);
        Assert.Equal(1, scheduler.Failed);
        Assert.Equal(0, scheduler.Running);
    }
}
