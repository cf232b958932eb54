using Sfu.Routing;

namespace Sfu.Engine;

/// <summary>The routing events of one participant, turned into queued <see cref="PeerEvent"/>s for its signaling observer.</summary>
internal sealed class QueuedParticipantListener(PeerEventQueue queue, IPeerSessionObserver observer) : IParticipantListener
{
    public void OnServerOffer(string offerSdp) => queue.Enqueue(new PeerEvent(PeerEventKind.ServerOffer, observer, offerSdp));

    public void OnRemoteTrack(RemoteTrackInfo track, bool added) =>
        queue.Enqueue(new PeerEvent(PeerEventKind.RemoteTrack, observer, null, track, added));

    public void OnActiveSpeaker(string participantId) => queue.Enqueue(new PeerEvent(PeerEventKind.ActiveSpeaker, observer, participantId));

    public void OnMediaConnected() => queue.Enqueue(new PeerEvent(PeerEventKind.MediaConnected, observer, null));

    public void OnTransportClosed(string reason) => queue.Enqueue(new PeerEvent(PeerEventKind.TransportClosed, observer, reason));

    public void OnPublishedLayersChanged(string trackId, IReadOnlyList<string> activeLayers) =>
        queue.Enqueue(new PeerEvent(PeerEventKind.PublishedLayers, observer, trackId, Layers: activeLayers));

    public void OnVideoPaused(string publisherId, string trackId, bool paused, string reason) =>
        queue.Enqueue(new PeerEvent(PeerEventKind.VideoPaused, observer, null, new RemoteTrackInfo(publisherId, "", trackId, Negotiation.MediaKind.Video), paused, Reason: reason));
}
