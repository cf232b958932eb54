using Sfu.Client;

namespace LoadGen.Janus;

/// <summary>
/// One of our <see cref="ClientPeer"/>s on its own VideoRoom handle: Janus gives a publisher and a subscriber separate
/// PeerConnections, so a participant who does both is two of these.
/// </summary>
internal static class JanusParticipant
{
    /// <summary>
    /// Joins <paramref name="room"/> as a publisher and publishes what <paramref name="peer"/> has; answers the feed id.
    /// Our client stack only runs the DTLS client role, so the offer says <c>a=setup:active</c> instead of actpass
    /// (RFC 8842 section 5.3 lets the answerer follow it; Janus answers passive).
    /// </summary>
    public static async Task<long> PublishAsync(JanusVideoRoom videoRoom, long room, ClientPeer peer, CancellationToken cancellationToken)
    {
        long handle = await videoRoom.Session.AttachAsync(cancellationToken);
        (long id, _) = await videoRoom.JoinAsPublisherAsync(handle, room, peer.ParticipantId, cancellationToken);
        string offer = peer.CreateOffer().Replace("a=setup:actpass", "a=setup:active", StringComparison.Ordinal);
        peer.ApplyAnswer(await videoRoom.ConfigureAsync(handle, offer, cancellationToken));
        return id;
    }

    /// <summary>Subscribes <paramref name="peer"/> to <paramref name="feeds"/>: Janus offers, we answer and start.</summary>
    public static async Task SubscribeAsync(JanusVideoRoom videoRoom, long room, IReadOnlyList<long> feeds, ClientPeer peer, CancellationToken cancellationToken)
    {
        long handle = await videoRoom.Session.AttachAsync(cancellationToken);
        string offer = await videoRoom.JoinAsSubscriberAsync(handle, room, feeds, cancellationToken);
        await videoRoom.StartAsync(handle, peer.AnswerOffer(offer), cancellationToken);
    }
}
