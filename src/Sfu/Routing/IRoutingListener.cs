namespace Sfu.Routing;

/// <summary>
/// What a participant tells the router it is in, so that it needs no reference to the router: its producers came or
/// went, a track's mute changed, or its transport closed. Called on the media worker thread.
/// </summary>
internal interface IRoutingListener
{
    /// <summary>A producer exists (a negotiation created it): the router lets every other participant consume it.</summary>
    void OnProducerAdded(Participant publisher, Producer producer);

    /// <summary>A producer is gone (unpublished by renegotiation): its consumers go with it.</summary>
    void OnProducerRemoved(Participant publisher, Producer producer);

    /// <summary>The publisher muted or unmuted the producer's track: its consumers pause or resume.</summary>
    void OnProducerMuted(Producer producer, bool muted, long nowTicks);

    /// <summary>
    /// The participant's streams were reallocated outside the router's periodic round (its tile preferences changed): the
    /// router updates dynacast at once, so a layer it now wants resumes at its publisher without waiting for the round.
    /// </summary>
    void OnStreamsReallocated(long nowTicks);

    /// <summary>The participant's transport closed: the router removes it with its producers and consumers.</summary>
    void OnParticipantClosed(Participant participant);
}
