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
}
