namespace Sfu.Routing;

/// <summary>
/// Where routing says that an SSRC the participant sent on is no longer routed (its producer went, or moved to another
/// SSRC), so the transport can free the per-SSRC state it keeps for it (SRTP replay window and rollover counter,
/// RFC 3711 section 3.2.3). Called on the media worker thread, at negotiation or SSRC change, never per packet.
/// </summary>
internal interface IReceivedSsrcRelease
{
    void ReleaseReceivedSsrc(uint ssrc);
}
