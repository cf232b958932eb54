namespace Sfu.Streams;

/// <summary>What <see cref="NackGenerator.OnPacket"/> learned from one received sequence number.</summary>
public enum NackOutcome
{
    /// <summary>The first packet of the stream.</summary>
    First,

    /// <summary>The next expected packet.</summary>
    InOrder,

    /// <summary>A newer packet after a gap; the skipped sequence numbers are now missing.</summary>
    GapDetected,

    /// <summary>A missing packet arrived before any NACK was sent for it (plain reordering).</summary>
    Reordered,

    /// <summary>A missing packet arrived after at least one NACK for it: a retransmission that worked.</summary>
    Recovered,

    /// <summary>A packet that was not missing: a duplicate, or one already given up on.</summary>
    Duplicate,

    /// <summary>A packet older than the tracking window; ignored.</summary>
    TooOld,

    /// <summary>
    /// The gap was too large to NACK, or the sender restarted its numbering. The missing list was
    /// cleared; the caller should ask the publisher for a keyframe instead.
    /// </summary>
    Resynchronized,
}
