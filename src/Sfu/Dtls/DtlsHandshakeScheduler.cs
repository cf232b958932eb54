namespace Sfu.Dtls;

/// <summary>
/// Bounds how many handshakes run at once. Each running handshake holds a thread blocked in BouncyCastle, so a
/// flood of ClientHellos must not turn into a flood of threads: at most <see cref="MaxConcurrent"/> run, at most
/// <see cref="MaxWaiting"/> wait (each for at most the bounded wait), and the rest fail at once with
/// <see cref="DtlsFailureReason.SchedulerBusy"/>, counted in <see cref="Rejected"/>.
/// </summary>
public sealed class DtlsHandshakeScheduler : IDisposable
{
    public const int DefaultMaxConcurrent = 16;
    public const int DefaultMaxWaiting = 256;
    public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _maxWait;
    private int _running;
    private int _waiting;
    private long _rejected;
    private long _succeeded;
    private long _failed;

    /// <param name="maxConcurrent">Handshakes running at once.</param>
    /// <param name="maxWaiting">Handshakes allowed to wait for a slot; beyond that they fail fast.</param>
    /// <param name="maxWait">How long one handshake may wait for a slot (default 5 s).</param>
    public DtlsHandshakeScheduler(int maxConcurrent = DefaultMaxConcurrent, int maxWaiting = DefaultMaxWaiting, TimeSpan? maxWait = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxWaiting);
        MaxConcurrent = maxConcurrent;
        MaxWaiting = maxWaiting;
        _maxWait = maxWait ?? DefaultMaxWait;
        ArgumentOutOfRangeException.ThrowIfLessThan(_maxWait, TimeSpan.Zero);
        _slots = new SemaphoreSlim(maxConcurrent, maxConcurrent);
    }

    public int MaxConcurrent { get; }

    public int MaxWaiting { get; }

    /// <summary>Handshakes holding a slot now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Handshakes waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Handshakes refused because no slot came free in time or the wait queue was full.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Handshakes that completed.</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Handshakes that ran and failed or were cancelled.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>
    /// Runs <paramref name="handshake"/> when a slot is free. A handshake refused by the scheduler is closed and
    /// the task faults with <see cref="DtlsFailureReason.SchedulerBusy"/>; the slot is released when the handshake
    /// itself completes (the established association holds no slot).
    /// </summary>
    public async Task<DtlsHandshakeResult> RunAsync(DtlsHandshake handshake, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handshake);
        try
        {
            return await RunAsync(handshake.RunAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (DtlsHandshakeException e) when (e.Reason == DtlsFailureReason.SchedulerBusy)
        {
            handshake.Close();
            throw;
        }
        catch (OperationCanceledException)
        {
            handshake.Close();
            throw;
        }
    }

    /// <summary>The scheduling itself, for any work that completes as a task.</summary>
    internal async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (!_slots.Wait(0))
        {
            await WaitForSlotAsync(cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _running);
        try
        {
            T result = await work(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _succeeded);
            return result;
        }
        catch
        {
            Interlocked.Increment(ref _failed);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            _slots.Release();
        }
    }

    private async Task WaitForSlotAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _waiting) > MaxWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            Interlocked.Increment(ref _rejected);
            throw new DtlsHandshakeException(DtlsFailureReason.SchedulerBusy,
                $"DTLS handshake refused: {MaxConcurrent} running and {MaxWaiting} already waiting");
        }

        bool acquired;
        try
        {
            acquired = await _slots.WaitAsync(_maxWait, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        if (!acquired)
        {
            Interlocked.Increment(ref _rejected);
            throw new DtlsHandshakeException(DtlsFailureReason.SchedulerBusy,
                $"DTLS handshake refused: no free slot among {MaxConcurrent} within {_maxWait.TotalSeconds:0.###} s");
        }
    }

    public void Dispose() => _slots.Dispose();
}
