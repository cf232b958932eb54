using Sfu.Congestion;
using Sfu.Diagnostics;

namespace Sfu.Routing;

/// <summary>
/// Sends a subscriber's bandwidth probes: on each tick, the padding-only packets its estimator's probe cluster has due,
/// as RTX padding (RFC 4588 payload type, no original sequence number) on the RTX SSRC of one of the subscriber's video
/// consumers, as libwebrtc pads. The SSRC must be one the subscriber's SDP announces: a browser's demultiplexer drops a
/// packet on an unknown SSRC before transport-cc sees it, so every probe would read as lost and pull the estimate down
/// instead of up. RTX leaves the media stream's sequence numbers and statistics untouched, and the receiver drops the
/// padding once it is acknowledged. Without a video consumer that negotiated RTX nothing is probed (there is nothing to
/// raise the estimate for). Media worker thread; no allocation.
/// </summary>
internal sealed class ProbeSender(SubscriberBandwidthEstimator estimator, TransportWideSequencer sender, ConsumerSet consumers, RoutingContext context)
{
    private ushort _sequence;
    private uint _timestamp;

    /// <summary>Starts a cluster when the allocator wants more than the estimate and sends what is due now.</summary>
    public void Tick(long nowTicks)
    {
        if (sender.ExtensionId == 0 || !sender.IsReady || FindCarrier() is not { } carrier)
        {
            return;
        }

        estimator.TryStartProbe(nowTicks);
        Span<byte> scratch = context.Scratch;
        while (estimator.TryTakeProbePacket(nowTicks, out int size, out int cluster))
        {
            int length = PaddingPacketWriter.Write(
                scratch, (byte)carrier.RtxPayloadType, _sequence++, _timestamp, carrier.RtxSsrc, sender.ExtensionId, Math.Min(size, PaddingPacketWriter.MaxPadding));
            if (length > 0 && sender.SendRtp(scratch, length, cluster))
            {
                SfuMetrics.CountProbePadding(length);
            }
        }

        _timestamp += 900; // 10 ms at 90 kHz: RTX padding carries no media, so any steady clock will do
    }

    /// <summary>The first video consumer whose RTX the subscriber accepted.</summary>
    private Consumer? FindCarrier()
    {
        for (int i = 0; i < consumers.Count; i++)
        {
            if (consumers[i].CanCarryProbes)
            {
                return consumers[i];
            }
        }

        return null;
    }
}
