using Sfu.Congestion;
using Sfu.Diagnostics;
using Sfu.Streams;
using Sfu.Wire.Rtcp;

namespace Sfu.Routing;

/// <summary>
/// RTCP one participant sends us, dispatched by SSRC: sender reports about what it publishes go to its producers;
/// report blocks, NACKs, PLIs and FIRs about what it receives go to its consumers, transport-cc feedback about
/// everything it receives to its send-side bandwidth estimator. Per packet: no allocation.
/// </summary>
internal sealed class RtcpReceiver(RtpDemuxer producers, ConsumerSet consumers, SubscriberBandwidthEstimator bandwidth, RoutingContext context)
{
    public void OnRtcp(Span<byte> packet, long nowTicks)
    {
        var packets = new RtcpCompoundEnumerator(packet);
        while (packets.MoveNext())
        {
            RtcpPacket item = packets.Current;
            switch (item.PacketType)
            {
                case RtcpPacketType.SenderReport:
                    if (SenderReport.TryRead(item.Data, out SenderReport sr))
                    {
                        // Kept for the LSR/DLSR of our receiver reports (RFC 3550 section 6.4.1), which give the publisher its RTT.
                        if (producers.TryGetBySsrc(sr.Ssrc, out Producer? producer))
                        {
                            producer!.Stats?.OnSenderReport(sr.NtpTimestamp, nowTicks);
                        }

                        OnReportBlocks(sr.ReportBlocks);
                    }

                    break;
                case RtcpPacketType.ReceiverReport:
                    if (ReceiverReport.TryRead(item.Data, out ReceiverReport rr))
                    {
                        OnReportBlocks(rr.ReportBlocks);
                    }

                    break;
                case RtcpPacketType.TransportFeedback when item.Format == RtcpFeedbackFormat.GenericNack:
                    OnNack(item, nowTicks);
                    break;
                case RtcpPacketType.TransportFeedback when item.Format == RtcpFeedbackFormat.TransportCc:
                    OnTransportCc(item, nowTicks);
                    break;
                case RtcpPacketType.PayloadFeedback when item.Format == RtcpFeedbackFormat.PictureLossIndication:
                    if (PictureLossIndication.TryRead(item.Data, out PictureLossIndication pli) && consumers.TryGetBySsrc(pli.MediaSsrc, out Consumer? pliConsumer))
                    {
                        SfuMetrics.CountFeedback(RtcpFeedbackKind.Pli, sent: false);
                        pliConsumer!.RequestKeyframe(nowTicks);
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when item.Format == RtcpFeedbackFormat.FullIntraRequest:
                    OnFullIntraRequest(item, nowTicks);
                    break;
                case RtcpPacketType.PayloadFeedback when item.Format == RtcpFeedbackFormat.ApplicationLayer:
                    OnRemb(item);
                    break;
            }
        }

        if (packets.Malformed)
        {
            SfuMetrics.CountDrop(DropReason.Malformed);
        }
    }

    /// <summary>Generic NACK (RFC 4585 section 6.2.1): served from the producer's store, in the consumer's numbering.</summary>
    private void OnNack(in RtcpPacket item, long nowTicks)
    {
        if (GenericNack.TryRead(item.Data, out GenericNack nack) && consumers.TryGetBySsrc(nack.MediaSsrc, out Consumer? consumer))
        {
            SfuMetrics.CountFeedback(RtcpFeedbackKind.Nack, sent: false);
            foreach (ushort sequence in nack.LostSequenceNumbers)
            {
                consumer!.Retransmit(sequence, nowTicks, context.Scratch);
            }
        }
    }

    /// <summary>Transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1) about the server's own sequence numbers.</summary>
    private void OnTransportCc(in RtcpPacket item, long nowTicks)
    {
        if (!TransportCcFeedback.TryRead(item.Data, out TransportCcFeedback feedback))
        {
            SfuMetrics.CountDrop(DropReason.Malformed);
            return;
        }

        SfuMetrics.CountFeedback(RtcpFeedbackKind.TransportCc, sent: false);
        bandwidth.OnFeedback(feedback, nowTicks);
        SfuMetrics.RecordSubscriberEstimate(bandwidth.AvailableBitrate);
    }

    /// <summary>
    /// REMB (draft-alvestrand-rmcat-remb-03 section 2.2), what a subscriber without transport-cc sends: its own
    /// receive-side estimate, which then limits its allocation. Other application-layer feedback is not ours to read.
    /// </summary>
    private void OnRemb(in RtcpPacket item)
    {
        if (!Remb.TryRead(item.Data, out Remb remb))
        {
            return;
        }

        SfuMetrics.CountFeedback(RtcpFeedbackKind.Remb, sent: false);
        bandwidth.OnRemb((long)Math.Min(remb.Bitrate, long.MaxValue));
        SfuMetrics.RecordSubscriberEstimate(bandwidth.AvailableBitrate);
    }

    /// <summary>FIR (RFC 5104 section 4.3.1) names its media SSRCs in entries, not in the common header.</summary>
    private void OnFullIntraRequest(in RtcpPacket item, long nowTicks)
    {
        if (!FullIntraRequest.TryRead(item.Data, out FullIntraRequest fir))
        {
            return;
        }

        for (int i = 0; i < fir.EntryCount; i++)
        {
            if (consumers.TryGetBySsrc(fir.GetEntry(i).Ssrc, out Consumer? consumer))
            {
                SfuMetrics.CountFeedback(RtcpFeedbackKind.Fir, sent: false);
                consumer!.RequestKeyframe(nowTicks);
            }
        }
    }

    /// <summary>Report blocks about our streams carry LSR/DLSR, from which each consumer's RTT follows (RFC 3550 section 6.4.1).</summary>
    private void OnReportBlocks(ReportBlockList blocks)
    {
        uint arrival = MediaTime.NtpToCompact(context.NtpNow());
        foreach (ReportBlock block in blocks)
        {
            if (consumers.TryGetBySsrc(block.Ssrc, out Consumer? consumer))
            {
                if (consumer!.Rtt.TryAddSample(block.LastSenderReport, block.DelaySinceLastSenderReport, arrival, out long rttTicks))
                {
                    SfuMetrics.RecordRtt(rttTicks);

                    // The same path carries every stream to this subscriber: its estimator paces decreases by this RTT.
                    bandwidth.SetRoundTrip(consumer.Rtt.SmoothedRttTicks);
                }
            }
        }
    }
}
