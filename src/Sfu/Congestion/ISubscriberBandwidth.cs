namespace Sfu.Congestion;

/// <summary>
/// The meeting point of a subscriber's send-side bandwidth estimate and its stream allocator: the estimator (fed by the
/// subscriber's transport-cc feedback) says what the link to the subscriber carries now, and the allocator says how
/// much it would send if it could, so the estimator can probe upward (padding or RTX) while the estimate is below that.
/// Owned by the subscriber's media worker thread; both members are called on it.
/// </summary>
public interface ISubscriberBandwidth
{
    /// <summary>What the estimator believes the path to the subscriber carries now, in bit/s.</summary>
    long AvailableBitrate { get; }

    /// <summary>What the allocator would send with no limit (every wanted layer at its measured rate), in bit/s.</summary>
    void SetWantedBitrate(long bitsPerSecond);
}
