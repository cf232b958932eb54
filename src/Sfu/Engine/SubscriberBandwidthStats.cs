using Sfu.Congestion;

namespace Sfu.Engine;

/// <summary>
/// One subscriber's send-side bandwidth estimate as its worker last computed it (bit/s): the estimate, its delay- and
/// loss-based parts, what the subscriber acknowledged receiving, what its allocator wants, and probe outcomes.
/// </summary>
public readonly record struct SubscriberBandwidthStats(
    string RoomId,
    string ParticipantId,
    long AvailableBitrate,
    long DelayBasedBitrate,
    long LossBasedBitrate,
    long AcknowledgedBitrate,
    long WantedBitrate,
    long FeedbackMessages,
    long ProbesSucceeded,
    long ProbesFailed)
{
    internal static SubscriberBandwidthStats Of(string roomId, string participantId, SubscriberBandwidthEstimator estimator) => new(
        roomId,
        participantId,
        estimator.AvailableBitrate,
        estimator.DelayBasedBitrate,
        estimator.LossBasedBitrate,
        estimator.AcknowledgedBitrate,
        estimator.WantedBitrate,
        estimator.FeedbackMessages,
        estimator.ProbesSucceeded,
        estimator.ProbesFailed);
}
