using Sfu.Congestion;
using Sfu.Diagnostics;
using Sfu.Wire.Rtp;

namespace Sfu.Routing;

/// <summary>
/// Stamps the server's own transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01
/// section 2) into every RTP packet sent to one subscriber, media and probes alike, and records the send in the
/// subscriber's <see cref="SubscriberBandwidthEstimator"/>: the subscriber's transport-cc feedback names these numbers.
/// The number is written in place into the extension element <see cref="ForwardedPacketWriter"/> and
/// <see cref="PaddingPacketWriter"/> reserve when the subscriber negotiated the extension; a packet without it is sent
/// unstamped. Decorates the participant's sender, so consumers stay unaware of it. Media worker thread; no allocation.
/// </summary>
internal sealed class TransportWideSequencer(IParticipantSender inner, SubscriberBandwidthEstimator estimator, Func<long> nowTicks) : IParticipantSender
{
    /// <summary>The subscriber's one-byte extension id for transport-wide sequence numbers; 0 when not negotiated.</summary>
    public int ExtensionId { get; set; }

    public bool IsReady => ((IRtpPacketSender)inner).IsReady;

    public bool SendRtp(Span<byte> packet, int length) => SendRtp(packet, length, probeCluster: 0);

    /// <summary>Sends a packet that belongs to probe cluster <paramref name="probeCluster"/> (0 for media).</summary>
    public bool SendRtp(Span<byte> packet, int length, int probeCluster)
    {
        if (ExtensionId > 0
            && RtpHeader.TryRead(packet[..length], out RtpHeader header)
            && RtpHeaderExtensions.TryFindWritable(packet[..length], header, ExtensionId, out Span<byte> value)
            && value.Length == TransportSequenceNumberExtension.Length)
        {
            ushort sequence = estimator.OnPacketSent(length, nowTicks(), probeCluster);
            TransportSequenceNumberExtension.Write(value, sequence);
        }
        else if (probeCluster != 0)
        {
            SfuMetrics.CountDrop(DropReason.Malformed);
            return false; // a probe nobody can acknowledge only costs the subscriber bandwidth
        }

        return inner.SendRtp(packet, length);
    }

    public bool SendRtcp(Span<byte> packet, int length) => inner.SendRtcp(packet, length);

    public void ReleaseSsrc(uint ssrc) => inner.ReleaseSsrc(ssrc);

    public void ReleaseReceivedSsrc(uint ssrc) => inner.ReleaseReceivedSsrc(ssrc);
}
