namespace Sfu.Routing;

/// <summary>
/// Where a consumer sends the packets it forwards. Today the subscriber's transport (SRTP, then UDP); the same seam
/// takes a recorder or a node-to-node relay, which is why a consumer never sees the transport itself.
/// Called on the media worker thread that owns the router.
/// </summary>
public interface IRtpPacketSender
{
    /// <summary>
    /// Whether a packet sent now would reach the receiver. A consumer makes no forwarding decision while this is false,
    /// so the forwarder's first packet (and keyframe wait) starts once media can flow.
    /// </summary>
    bool IsReady { get; }

    /// <summary>Sends the first <paramref name="length"/> bytes of <paramref name="packet"/>; the bytes after them are
    /// tail room an SRTP implementation may write its auth tag into. False when the packet was not sent.</summary>
    bool SendRtp(Span<byte> packet, int length);

    /// <summary>
    /// The consumer that sent on <paramref name="ssrc"/> is gone and nothing is sent on it again: release what the sender
    /// keeps per SSRC (the transport's SRTP state, RFC 3711 section 3.2.3), so a long meeting does not use it up.
    /// </summary>
    void ReleaseSsrc(uint ssrc);
}
