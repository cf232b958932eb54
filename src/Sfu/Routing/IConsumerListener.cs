namespace Sfu.Routing;

/// <summary>
/// What a consumer tells its owner (the router). A consumer does not ask the producer itself: the router decides how
/// requests of many consumers reach the publisher. Called on the media worker thread.
/// </summary>
public interface IConsumerListener
{
    /// <summary>The consumer needs a keyframe: its subscriber sent a PLI or FIR, it was just negotiated, or its forwarder waits for one.</summary>
    void OnKeyframeRequested(Consumer consumer, long nowTicks);
}
