namespace Sfu.Diagnostics;

/// <summary>Why a packet was dropped. Low-cardinality: it becomes the <c>reason</c> label of sfu_dropped_packets_total.</summary>
public enum DropReason
{
    Malformed,
    UnknownSource,
    StunRejected,
    NotConnected,
    SrtpAuthFailed,
    SrtpReplay,
    UnknownSsrc,
    SendFailed,
    InternalError,
    DtlsQueueFull,
    Forwarding,

    /// <summary>A subscriber cannot take the publisher's codec (an H.264-only publisher, a subscriber without H.264).</summary>
    CodecNotNegotiated,

    /// <summary>
    /// A packet of a simulcast layer the SFU does not forward: SSRC simulcast (a=ssrc-group:SIM) is pinned to the first
    /// declared encoding until layer selection exists, so the other layers' media and RTX SSRCs are dropped here.
    /// </summary>
    SimulcastLayerIgnored,
}
