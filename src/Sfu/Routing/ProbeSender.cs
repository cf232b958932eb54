using Sfu.Congestion;
using Sfu.Diagnostics;

namespace Sfu.Routing;

/// <summary>
/// Sends a subscriber's bandwidth probes: on each tick, the padding-only packets its estimator's probe cluster has due,
/// on a probe SSRC of their own (as mediasoup's probator does) so no media stream's sequence numbers or statistics are
/// touched. A receiver acknowledges them in transport-cc feedback, which is all they are for, and drops them
/// (padding-only, unknown SSRC). Media worker thread; no allocation.
/// </summary>
internal sealed class ProbeSender(SubscriberBandwidthEstimator estimator, TransportWideSequencer sender, RoutingContext context)
{
    private readonly uint _ssrc = context.NewSsrc();
    private ushort _sequence;
    private uint _timestamp;

    /// <summary>The SSRC probes are sent on.</summary>
    public uint Ssrc => _ssrc;

    /// <summary>Starts a cluster when the allocator wants more than the estimate and sends what is due now.</summary>
    public void Tick(long nowTicks)
    {
        if (sender.ExtensionId == 0 || !sender.IsReady)
        {
            return;
        }

        estimator.TryStartProbe(nowTicks);
        Span<byte> scratch = context.Scratch;
        while (estimator.TryTakeProbePacket(nowTicks, out int size, out int cluster))
        {
            int length = PaddingPacketWriter.Write(
                scratch, (byte)context.CodecPolicy.Vp8RtxPayloadType, _sequence++, _timestamp, _ssrc, sender.ExtensionId, Math.Min(size, PaddingPacketWriter.MaxPadding));
            if (length > 0 && sender.SendRtp(scratch, length, cluster))
            {
                SfuMetrics.CountProbePadding(length);
            }
        }

        _timestamp += 900; // 10 ms at 90 kHz: a plausible clock for a stream nobody decodes
    }
}
