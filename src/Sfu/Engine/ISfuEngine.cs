using Sfu.Negotiation;
using Sfu.Routing;

namespace Sfu.Engine;

/// <summary>
/// The facade that Signaling and Api use. One <see cref="IPeerSession"/> per browser RTCPeerConnection; the engine owns
/// ICE, DTLS, SRTP, routing and forwarding behind it. Nothing here blocks its caller: work is queued to the media worker
/// that owns the room, and answers come back as completed tasks carrying values (never exceptions for bad input).
/// </summary>
public interface ISfuEngine
{
    /// <summary>
    /// Creates the media session of one participant in a room. The room is created on first use, on the least loaded media
    /// worker, and every later participant of that room lives on the same worker.
    /// </summary>
    Task<IPeerSession> CreatePeerAsync(string roomId, string participantId, IPeerSessionObserver observer, CancellationToken cancellationToken = default);
}

/// <summary>A participant's one RTCPeerConnection, seen from the server. Safe to call from any thread.</summary>
public interface IPeerSession : IDisposable
{
    string RoomId { get; }

    string ParticipantId { get; }

    /// <summary>Applies a browser offer (initial or renegotiation): the answer, or why the offer was refused (glare included).</summary>
    Task<NegotiationResult> HandleOfferAsync(string offerSdp, CancellationToken cancellationToken = default);

    /// <summary>Applies the browser's answer to the last offer the server sent through <see cref="IPeerSessionObserver.OnServerOffer"/>.</summary>
    Task<NegotiationResult> HandleAnswerAsync(string answerSdp, CancellationToken cancellationToken = default);

    /// <summary>Publisher-side mute: forwarding of that track pauses (and resumes with a keyframe). Queued; returns at once.</summary>
    void SetTrackMuted(string trackId, bool muted);

    /// <summary>
    /// The browser announced a track (signaling's <c>publish</c>) that its next offer carries: server offers hold back a
    /// while so they do not cross that offer (glare). Queued; returns at once.
    /// </summary>
    void ExpectBrowserOffer();

    /// <summary>
    /// Replaces how this subscriber shows remote videos (tile size in device pixels, visible, pinned); tracks not listed
    /// get the default (visible, highest layer that fits). Queued; returns at once.
    /// </summary>
    void SetVideoPreferences(IReadOnlyList<VideoPreference> preferences);
}

/// <summary>
/// Events from the engine to the signaling layer. Delivered one at a time, in the order the media worker raised them, on a
/// thread of the engine's event queue (never on a media thread), so an implementation may take its own locks; it should
/// still return quickly, because the events of every room on that worker wait behind it.
/// </summary>
public interface IPeerSessionObserver
{
    /// <summary>The server wants to (re)negotiate: send this offer to the browser and route its answer to HandleAnswerAsync.</summary>
    void OnServerOffer(string offerSdp);

    /// <summary>A track of another participant became available to (or was removed from) this participant.</summary>
    void OnRemoteTrack(RemoteTrackInfo track, bool added);

    /// <summary>The loudest participant in the room changed (RFC 6464 audio levels).</summary>
    void OnActiveSpeaker(string participantId);

    /// <summary>ICE and DTLS completed: the participant's media flows (a seat held by a join that never gets here can be reclaimed).</summary>
    void OnMediaConnected();

    /// <summary>ICE consent expired or DTLS failed: the media path is gone.</summary>
    void OnTransportClosed(string reason);

    /// <summary>
    /// Dynacast: the publisher should send exactly these simulcast layers of its track (rids, or encoding indexes for SSRC
    /// simulcast); signaling tells the browser, which sets its encodings active or not.
    /// </summary>
    void OnPublishedLayersChanged(string trackId, IReadOnlyList<string> activeLayers)
    {
    }

    /// <summary>The server paused (or resumed) a remote video for this participant; reason "bandwidth" or "hidden".</summary>
    void OnVideoPaused(string publisherId, string trackId, bool paused, string reason)
    {
    }
}
