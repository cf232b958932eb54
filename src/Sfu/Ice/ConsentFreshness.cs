namespace Sfu.Ice;

/// <summary>
/// Consent freshness for the receiving side (RFC 7675): browsers send a consent check (a Binding request) about
/// every 5 s; when no valid one has arrived for 30 s, consent is lost and we must stop sending to the peer
/// (RFC 7675 section 5.1). Time is a parameter: the caller passes timestamps in the unit it chose at
/// construction (<see cref="TimeSpan"/> ticks by default; pass <c>Stopwatch.Frequency</c> or
/// <c>TimeProvider.TimestampFrequency</c> for those clocks). Updated by one packet loop; reads from other
/// threads see whole values.
/// </summary>
public sealed class ConsentFreshness
{
    /// <summary>RFC 7675 section 5.1: consent expires 30 s after the last valid check.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly long _timeoutTicks;
    private long _lastConsentTicks;
    private bool _hasReceivedRequest;

    /// <summary>
    /// Starts the consent window at <paramref name="startTicks"/>, so a peer that never completes a check also
    /// expires after <paramref name="timeout"/> (defaults to 30 s).
    /// </summary>
    public ConsentFreshness(long startTicks, TimeSpan? timeout = null, long ticksPerSecond = TimeSpan.TicksPerSecond)
    {
        TimeSpan window = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero, nameof(timeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ticksPerSecond, 0, nameof(ticksPerSecond));
        Timeout = window;
        _timeoutTicks = (long)((Int128)window.Ticks * ticksPerSecond / TimeSpan.TicksPerSecond);
        _lastConsentTicks = startTicks;
    }

    /// <summary>How long consent lasts after the last valid check.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>When consent was last refreshed (or the start time, before any check).</summary>
    public long LastConsentTicks => Volatile.Read(ref _lastConsentTicks);

    /// <summary>True once at least one valid Binding request has refreshed consent.</summary>
    public bool HasReceivedRequest => Volatile.Read(ref _hasReceivedRequest);

    /// <summary>Records a valid (authenticated) Binding request received at <paramref name="nowTicks"/>.</summary>
    public void Refresh(long nowTicks)
    {
        // A late-processed older packet must not move consent backwards.
        if (nowTicks > Volatile.Read(ref _lastConsentTicks))
        {
            Volatile.Write(ref _lastConsentTicks, nowTicks);
        }

        Volatile.Write(ref _hasReceivedRequest, true);
    }

    /// <summary>True when no valid check has arrived within <see cref="Timeout"/> of <paramref name="nowTicks"/>.</summary>
    public bool IsExpired(long nowTicks) => nowTicks - Volatile.Read(ref _lastConsentTicks) >= _timeoutTicks;
}
