using Sfu.Engine;
using Signaling.Protocol;
using Signaling.Sessions;

namespace Signaling.Rooms;

/// <summary>
/// One person in a room. Everything mutable here is guarded by <see cref="Room.Sync"/>; the participant outlives
/// a dropped WebSocket for the reconnect grace period, keeping its media session.
/// </summary>
public sealed class Participant
{
    private volatile bool _removed;

    internal Participant(Room room, string id, string name, string resumeToken, TokenBucket chatLimiter)
    {
        Room = room;
        Id = id;
        Name = name;
        ResumeToken = resumeToken;
        ChatLimiter = chatLimiter;
    }

    public Room Room { get; }

    public string Id { get; }

    public string Name { get; }

    public string ResumeToken { get; }

    /// <summary>True once the participant left the room for good; its connection can no longer act for it.</summary>
    public bool Removed => _removed;

    internal IPeerSession? Session { get; set; }

    /// <summary>The engine reported ICE and DTLS complete at least once (guarded by <see cref="Room.Sync"/>).</summary>
    internal bool MediaConnected { get; set; }

    /// <summary>When the join began (<see cref="TimeProvider.GetTimestamp"/>): media that has not connected some time after it frees the seat.</summary>
    internal long JoinedAt { get; init; }

    /// <summary>The connection currently attached; null while reconnecting (grace period) or after removal.</summary>
    internal IMessageSink? Sink { get; set; }

    internal Dictionary<string, PublishedTrack> Tracks { get; } = new(StringComparer.Ordinal);

    internal TokenBucket ChatLimiter { get; }

    internal ITimer? GraceTimer { get; set; }

    /// <summary>Bumped on every attach and detach, so a stale grace timer recognizes itself.</summary>
    internal long AttachGeneration { get; set; }

    // Negotiation state (see docs/signaling.md, "Negotiation"). The server is the impolite side: while its own
    // offer is unanswered, a browser offer gets "glare".

    /// <summary>The last server offer, sent (or to be sent on attach) and not yet answered.</summary>
    internal string? PendingServerOffer { get; set; }

    /// <summary>Incremented per server offer, so an answer only clears the offer it answered.</summary>
    internal long ServerOfferGeneration { get; set; }

    /// <summary>True while the engine is applying a browser offer; server offers wait until its answer is queued.</summary>
    internal bool HandlingBrowserOffer { get; set; }

    internal string? DeferredServerOffer { get; set; }

    internal void MarkRemoved() => _removed = true;

    /// <summary>Whether <paramref name="sink"/> is the connection that currently speaks for this participant.</summary>
    public bool IsAttachedTo(IMessageSink sink)
    {
        lock (Room.Sync)
        {
            return !_removed && ReferenceEquals(Sink, sink);
        }
    }

    /// <summary>Under <see cref="Room.Sync"/>: queues a message to the attached connection, if any.</summary>
    internal void SendLocked(byte[] message) => Sink?.TrySend(message);

    /// <summary>Under <see cref="Room.Sync"/>: records a server offer and sends it now, unless it has to wait.</summary>
    internal void OfferLocked(string sdp)
    {
        if (HandlingBrowserOffer)
        {
            // The browser's offer is being answered: an offer sent now would reach the browser before that answer,
            // and the polite browser would roll back the offer the answer belongs to.
            DeferredServerOffer = sdp;
            return;
        }

        PendingServerOffer = sdp;
        ServerOfferGeneration++;
        SendLocked(ServerMessageEncoder.Encode(new ServerSdpMessage(MessageTypes.Offer, sdp)));
    }

    /// <summary>Under <see cref="Room.Sync"/>: the tracks as announced to others.</summary>
    internal ParticipantInfo ToInfoLocked()
    {
        var tracks = new List<TrackInfo>(Tracks.Count);
        foreach (PublishedTrack track in Tracks.Values)
        {
            tracks.Add(track.ToInfo());
        }

        return new ParticipantInfo { Id = Id, Name = Name, Tracks = tracks };
    }
}
