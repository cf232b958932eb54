namespace Sfu.Routing;

/// <summary>
/// How a producer asks its publisher for a keyframe without knowing who the publisher is: the publisher's RTCP
/// sender is handed to it. Called on the media worker thread.
/// </summary>
public interface IPublisherFeedbackSender
{
    /// <summary>
    /// Whether feedback sent now would reach the publisher. A producer does not spend its keyframe-request interval on a
    /// request that could not be sent.
    /// </summary>
    bool CanSendFeedback { get; }

    /// <summary>Sends a PLI (RFC 4585 section 6.3.1) for the publisher's stream <paramref name="mediaSsrc"/>.</summary>
    void SendPictureLossIndication(uint mediaSsrc);
}
