namespace Sfu.Congestion;

/// <summary>
/// Decides when to probe a subscriber's link upward and paces the probe (libwebrtc's probe controller and pacer, in
/// small): while the allocator wants more than the estimate, a cluster of padding-only packets is sent at up to twice
/// the estimate (never above the configured maximum) for <see cref="ClusterMicros"/>, so the feedback shows whether
/// the link carries that rate. After a cluster the next one waits <see cref="IntervalMicros"/>, longer after a probe
/// that did not raise the estimate. Times in microseconds; no allocation.
/// </summary>
public sealed class ProbeController(long maxBitrate)
{
    /// <summary>How long a cluster lasts: long enough for several 10 ms pacing ticks, short enough not to build a queue.</summary>
    public const long ClusterMicros = 80_000;

    /// <summary>Padding-only packets carry at most 255 padding bytes (RFC 3550 section 5.1: the count is one octet).</summary>
    public const int MaxPaddingSize = 255;

    public const int MinPackets = 5;
    public const int MaxPackets = 120;
    public const long IntervalMicros = 1_000_000;
    public const long FailedIntervalMicros = 5_000_000;

    private int _clusterId;
    private long _clusterStartMicros;
    private int _packetsPlanned;
    private int _packetsSent;
    private long _nextAllowedMicros = long.MinValue;

    /// <summary>The cluster being sent or awaiting its result; 0 when none.</summary>
    public int ActiveCluster { get; private set; }

    /// <summary>The rate the active cluster is sent at, bit/s.</summary>
    public long TargetBitrate { get; private set; }

    /// <summary>Packets the active cluster consists of.</summary>
    public int PlannedPackets => _packetsPlanned;

    /// <summary>Starts a cluster when <paramref name="wanted"/> exceeds <paramref name="estimate"/>; true when one started.</summary>
    public bool TryStart(long estimate, long wanted, long nowMicros)
    {
        if (ActiveCluster != 0 || nowMicros < _nextAllowedMicros || estimate <= 0 || wanted <= estimate || estimate >= maxBitrate)
        {
            return false;
        }

        long target = Math.Min(maxBitrate, Math.Min(2 * estimate, Math.Max(wanted, estimate + (estimate / 2))));
        long bytes = target * ClusterMicros / 8 / 1_000_000;
        _packetsPlanned = (int)Math.Clamp(bytes / MaxPaddingSize, MinPackets, MaxPackets);
        _packetsSent = 0;
        _clusterStartMicros = nowMicros;
        TargetBitrate = target;
        ActiveCluster = ++_clusterId;
        return true;
    }

    /// <summary>
    /// The next probe packet due by <paramref name="nowMicros"/>: its size and cluster. Call until false on every tick.
    /// </summary>
    public bool TryTakePacket(long nowMicros, out int size, out int cluster)
    {
        size = 0;
        cluster = ActiveCluster;
        if (ActiveCluster == 0 || _packetsSent >= _packetsPlanned)
        {
            return false;
        }

        // Packet i leaves at start + i × cluster length / packets: the pacing that makes the cluster's rate the target.
        long due = _clusterStartMicros + (_packetsSent * ClusterMicros / _packetsPlanned);
        if (nowMicros < due)
        {
            return false;
        }

        _packetsSent++;
        size = MaxPaddingSize;
        return true;
    }

    /// <summary>The active cluster's result is in (or it timed out): the next may start after the interval.</summary>
    public void Finish(bool raisedEstimate, long nowMicros)
    {
        ActiveCluster = 0;
        _nextAllowedMicros = nowMicros + (raisedEstimate ? IntervalMicros : FailedIntervalMicros);
    }
}
