namespace Sfu.Diagnostics;

/// <summary>
/// Why a packet was dropped: the forwarder's decision (carried in <c>Sfu.Forwarding.ForwardDecision</c>) as well as the
/// transport's and router's. Low-cardinality: it becomes the <c>reason</c> label of sfu_dropped_packets_total.
/// </summary>
public enum DropReason
{
    /// <summary>Not dropped: what a decision to forward carries. Never counted.</summary>
    None,

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

    /// <summary>The publisher sent a payload type its m= line did not negotiate, so there is no codec to forward it as.</summary>
    UnknownPayloadType,

    /// <summary>A subscriber cannot take the publisher's codec (an H.264-only publisher, a subscriber without H.264).</summary>
    CodecNotNegotiated,

    /// <summary>
    /// A packet of a simulcast track on an SSRC not yet known whose RtpStreamId (or RepairedRtpStreamId) is missing or
    /// names no layer of the offer, so it cannot be placed in a layer. Layers a subscriber does not take are not drops.
    /// </summary>
    SimulcastLayerIgnored,

    /// <summary>Forwarder: the consumer is paused (muted or unsubscribed).</summary>
    Paused,

    /// <summary>Forwarder: a padding-only packet (no payload); it carries nothing a subscriber needs.</summary>
    Padding,

    /// <summary>Forwarder: video that cannot be decoded yet, since the stream (re)starts only at a keyframe.</summary>
    WaitingForKeyframe,

    /// <summary>Forwarder: older than the point the current source was (re)started at, so it has no output sequence number.</summary>
    TooOld,

    /// <summary>Forwarder: a late packet of the source the consumer just switched away from.</summary>
    StaleSource,

    /// <summary>
    /// SRTP: the transport's session already holds state for as many SSRCs as it may in this direction, so a packet of
    /// one more stream cannot be protected or unprotected. Streams free their state when they end, so this means more
    /// simultaneous streams than the limits allow (see SfuOptions.MaxSubscriptions and MaxPublishedTracks).
    /// </summary>
    SrtpSsrcLimit,

    /// <summary>A zero-length datagram: nothing to classify, so it is not malformed either (a probe or a broken sender).</summary>
    Empty,

    /// <summary>
    /// A publisher's packet whose sequence number already arrived (see Streams.DuplicatePacketFilter): Chrome re-sends
    /// its newest packets on RTX to probe its uplink, and networks duplicate. Subscribers already have it.
    /// </summary>
    Duplicate,
}
