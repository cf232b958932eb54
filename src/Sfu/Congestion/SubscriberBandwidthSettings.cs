namespace Sfu.Congestion;

/// <summary>Bounds of a subscriber's send-side estimate, bit/s (Sfu:SubscriberMinBitrate, ...StartBitrate, ...MaxBitrate).</summary>
public readonly record struct SubscriberBandwidthSettings(long MinBitrate, long StartBitrate, long MaxBitrate)
{
    public static SubscriberBandwidthSettings Default { get; } = new(100_000, 1_000_000, 10_000_000);

    /// <summary>The same bounds made consistent: min at least 10 kbit/s, max at least min, start between them.</summary>
    public SubscriberBandwidthSettings Normalized()
    {
        long min = Math.Max(10_000, MinBitrate);
        long max = Math.Max(min, MaxBitrate);
        return new SubscriberBandwidthSettings(min, Math.Clamp(StartBitrate, min, max), max);
    }
}
