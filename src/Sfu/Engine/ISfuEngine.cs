using Sfu.Routing;

namespace Sfu.Engine;

/// <summary>
/// The facade that Signaling and Api use. One <see cref="IPeerSession"/> per browser
/// RTCPeerConnection; the engine owns ICE, DTLS, SRTP, routing and forwarding behind it.
/// </summary>
public interface ISfuEngine
{
    /// <summary>Creates the media session of one participant in a room (room created on first use).</summary>
    IPeerSession CreatePeer(string roomId, string participantId, IPeerSessionObserver observer);
}

/// <summary>A participant's one RTCPeerConnection, seen from the server.</summary>
public interface IPeerSession : IDisposable
{
    string RoomId { get; }
    string ParticipantId { get; }

    /// <summary>Applies a browser offer (initial or renegotiation) and returns the SDP answer.</summary>
    /// <exception cref="SdpNegotiationException">The offer cannot be used; the message says why.</exception>
    string HandleOffer(string offerSdp);

    /// <summary>Applies the browser's answer to the last offer the server sent through <see cref="IPeerSessionObserver.OnServerOffer"/>.</summary>
    /// <exception cref="SdpNegotiationException">The answer does not match the pending offer.</exception>
    void HandleAnswer(string answerSdp);

    /// <summary>Publisher-side mute: forwarding of that track pauses (and resumes with a keyframe).</summary>
    void SetTrackMuted(string trackId, bool muted);
}

/// <summary>Events from the engine to the signaling layer. Called from engine threads; must not block.</summary>
public interface IPeerSessionObserver
{
    /// <summary>The server wants to (re)negotiate: send this offer to the browser and route its answer to HandleAnswer.</summary>
    void OnServerOffer(string offerSdp);

    /// <summary>A track of another participant became available to (or was removed from) this participant.</summary>
    void OnRemoteTrack(RemoteTrackInfo track, bool added);

    /// <summary>The loudest participant in the room changed (RFC 6464 audio levels).</summary>
    void OnActiveSpeaker(string participantId);

    /// <summary>ICE consent expired or DTLS failed: the media path is gone.</summary>
    void OnTransportClosed(string reason);
}

/// <summary>An SDP offer or answer that the engine cannot accept.</summary>
public sealed class SdpNegotiationException(string message, bool isGlare = false) : Exception(message)
{
    /// <summary>The browser's offer crossed a pending server offer: answer the server's offer, then offer again.</summary>
    public bool IsGlare { get; } = isGlare;
}
