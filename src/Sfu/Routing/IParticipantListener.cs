namespace Sfu.Routing;

/// <summary>
/// What one participant's routing state tells its owner. Called on the media worker thread that owns the room, so an
/// implementation only records or queues the event (the engine queues it to signaling) and never blocks or locks.
/// </summary>
public interface IParticipantListener
{
    /// <summary>The server wants to (re)negotiate: this offer goes to the browser, whose answer comes back through ApplyAnswer.</summary>
    void OnServerOffer(string offerSdp);

    /// <summary>A track of another participant became available to (or was removed from) this participant.</summary>
    void OnRemoteTrack(RemoteTrackInfo track, bool added);

    /// <summary>The loudest participant in the room changed (RFC 6464 audio levels).</summary>
    void OnActiveSpeaker(string participantId);

    /// <summary>ICE and DTLS completed: media flows from now on (signaling stops counting the participant as a pending join).</summary>
    void OnMediaConnected();

    /// <summary>ICE consent expired or DTLS failed: the media path is gone and the participant has left the room.</summary>
    void OnTransportClosed(string reason);

    /// <summary>
    /// Dynacast: the simulcast layers of one of this participant's published tracks that subscribers want changed; the
    /// publisher should send exactly <paramref name="activeLayers"/> (rids, or encoding indexes for SSRC simulcast).
    /// </summary>
    void OnPublishedLayersChanged(string trackId, IReadOnlyList<string> activeLayers)
    {
    }

    /// <summary>
    /// The stream allocator paused (or resumed) another participant's video for this participant; <paramref name="reason"/>
    /// is "bandwidth" or "hidden".
    /// </summary>
    void OnVideoPaused(string publisherId, string trackId, bool paused, string reason)
    {
    }
}
