using Sfu.Routing;

namespace Sfu.Engine;

/// <summary>One engine-to-signaling event, as a value on its way from a media worker to <see cref="PeerEventQueue"/>.</summary>
internal readonly record struct PeerEvent(
    PeerEventKind Kind, IPeerSessionObserver Observer, string? Text, RemoteTrackInfo? Track = null, bool Added = false, IReadOnlyList<string>? Layers = null, string? Reason = null)
{
    /// <summary>Calls the observer method this event stands for.</summary>
    public void Deliver()
    {
        switch (Kind)
        {
            case PeerEventKind.ServerOffer:
                Observer.OnServerOffer(Text!);
                break;
            case PeerEventKind.RemoteTrack:
                Observer.OnRemoteTrack(Track!, Added);
                break;
            case PeerEventKind.ActiveSpeaker:
                Observer.OnActiveSpeaker(Text!);
                break;
            case PeerEventKind.MediaConnected:
                Observer.OnMediaConnected();
                break;
            case PeerEventKind.TransportClosed:
                Observer.OnTransportClosed(Text!);
                break;
            case PeerEventKind.PublishedLayers:
                Observer.OnPublishedLayersChanged(Text!, Layers!);
                break;
            case PeerEventKind.VideoPaused:
                Observer.OnVideoPaused(Track!.ParticipantId, Track.TrackId, Added, Reason!);
                break;
        }
    }
}

internal enum PeerEventKind
{
    ServerOffer,
    RemoteTrack,
    ActiveSpeaker,
    MediaConnected,
    TransportClosed,
    PublishedLayers,
    VideoPaused,
}
