using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;
using Signaling.Protocol;

namespace Signaling.Rooms;

/// <summary>
/// Engine events of one participant's media session, delivered in order from the engine's event queue (never on a
/// media thread). Each takes the room lock only to queue messages to WebSockets, never to wait on I/O.
/// </summary>
internal sealed class ParticipantObserver(RoomRegistry registry, Participant participant) : IPeerSessionObserver
{
    public void OnServerOffer(string offerSdp)
    {
        lock (participant.Room.Sync)
        {
            if (!participant.Removed)
            {
                participant.OfferLocked(offerSdp);
            }
        }
    }

    /// <summary>
    /// Subscribers learn track metadata from <c>trackPublished</c>, which a well-behaved client triggers with
    /// <c>publish</c> before its offer. A track the engine forwards without that announcement (a client that never
    /// publishes) gets metadata guessed from its kind, so browsers still show it.
    /// </summary>
    public void OnRemoteTrack(RemoteTrackInfo track, bool added)
    {
        if (!added)
        {
            return;
        }

        Room room = participant.Room;
        lock (room.Sync)
        {
            if (!room.Participants.TryGetValue(track.ParticipantId, out Participant? publisher)
                || publisher.Tracks.ContainsKey(track.TrackId)
                || publisher.Tracks.Count >= 16)
            {
                return;
            }

            bool audio = track.Kind == MediaKind.Audio;
            var guessed = new PublishedTrack(
                track.TrackId,
                track.StreamId,
                audio ? TrackKinds.Audio : TrackKinds.Video,
                audio ? TrackSources.Microphone : TrackSources.Camera,
                muted: false);
            publisher.Tracks.Add(track.TrackId, guessed);
            room.BroadcastLocked(guessed.ToPublished(publisher.Id), except: publisher);
        }
    }

    /// <summary>The engine may report the speaker to every participant's observer; the room forwards each change once.</summary>
    public void OnActiveSpeaker(string participantId)
    {
        Room room = participant.Room;
        lock (room.Sync)
        {
            if (room.ActiveSpeaker == participantId || !room.Participants.ContainsKey(participantId))
            {
                return;
            }

            room.ActiveSpeaker = participantId;
            room.BroadcastLocked(new ActiveSpeakerMessage { ParticipantId = participantId });
        }
    }

    public void OnMediaConnected()
    {
        lock (participant.Room.Sync)
        {
            participant.MediaConnected = true;
        }
    }

    public void OnTransportClosed(string reason) => registry.Remove(participant, LeaveReasons.TransportClosed, notifySelf: true);

    /// <summary>Dynacast: the publisher's page sets its encodings active or not (RTCRtpSender.setParameters).</summary>
    public void OnPublishedLayersChanged(string trackId, IReadOnlyList<string> activeLayers) =>
        SendToSelf(new LayersMessage { TrackId = trackId, Active = activeLayers });

    /// <summary>The page shows "paused" instead of a frozen frame.</summary>
    public void OnVideoPaused(string publisherId, string trackId, bool paused, string reason) =>
        SendToSelf(new VideoPausedMessage { ParticipantId = publisherId, TrackId = trackId, Paused = paused, Reason = reason });

    private void SendToSelf(ServerMessage message)
    {
        byte[] encoded = ServerMessageEncoder.Encode(message);
        lock (participant.Room.Sync)
        {
            if (!participant.Removed)
            {
                participant.SendLocked(encoded);
            }
        }
    }
}
