using Sfu.Negotiation;

namespace Sfu.Routing;

/// <summary>What the <see cref="SessionNegotiator"/> needs from the participant it negotiates for, and tells it.</summary>
internal interface INegotiationHost
{
    /// <summary>Our ICE credentials, fingerprint and candidates, written into every local description.</summary>
    LocalTransportParameters LocalParameters { get; }

    /// <summary>
    /// A description was agreed (an offer answered, or an answer accepted): the host applies the remote transport
    /// parameters and what the browser publishes; the negotiator then applies it to the consumers.
    /// </summary>
    void OnNegotiated(NegotiatedSession session, long nowTicks);

    /// <summary>A server offer to send to the browser; its answer comes back through <see cref="SessionNegotiator.ApplyAnswer"/>.</summary>
    void OnServerOffer(string offerSdp);
}
