using Sfu.Diagnostics;
using Sfu.Streams;
using Sfu.Transport;
using Sfu.Wire.Rtcp;

namespace Sfu.Routing;

/// <summary>RTCP of one participant: feedback it sends us, and the reports and feedback we send it.</summary>
public sealed partial class Participant
{
    private const int MaxNacksPerPacket = 64;
    private static readonly long ReportIntervalTicks = TimeSpan.FromSeconds(1).Ticks;
    private long _nextReportTicks;

    public void OnRtcp(WebRtcTransport transport, Span<byte> packet, long nowTicks)
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
                        if (_producersBySsrc.TryGetValue(sr.Ssrc, out Producer? producer))
                        {
                            producer.Stats?.OnSenderReport(sr.NtpTimestamp, nowTicks);
                        }

                        OnReportBlocks(sr.ReportBlocks, nowTicks);
                    }

                    break;
                case RtcpPacketType.ReceiverReport:
                    if (ReceiverReport.TryRead(item.Data, out ReceiverReport rr))
                    {
                        OnReportBlocks(rr.ReportBlocks, nowTicks);
                    }

                    break;
                case RtcpPacketType.TransportFeedback when item.Format == RtcpFeedbackFormat.GenericNack:
                    if (GenericNack.TryRead(item.Data, out GenericNack nack) && _consumersBySsrc.TryGetValue(nack.MediaSsrc, out Consumer? nacked))
                    {
                        SfuMetrics.CountFeedback(RtcpFeedbackKind.Nack, sent: false);
                        foreach (ushort sequence in nack.LostSequenceNumbers)
                        {
                            nacked.Retransmit(sequence, nowTicks, _context.Scratch);
                        }
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when item.Format == RtcpFeedbackFormat.PictureLossIndication:
                    if (PictureLossIndication.TryRead(item.Data, out PictureLossIndication pli) && _consumersBySsrc.TryGetValue(pli.MediaSsrc, out Consumer? pliConsumer))
                    {
                        SfuMetrics.CountFeedback(RtcpFeedbackKind.Pli, sent: false);
                        pliConsumer.Producer.RequestKeyframe(nowTicks);
                    }

                    break;
                case RtcpPacketType.PayloadFeedback when item.Format == RtcpFeedbackFormat.FullIntraRequest:
                    if (FullIntraRequest.TryRead(item.Data, out FullIntraRequest fir))
                    {
                        for (int i = 0; i < fir.EntryCount; i++)
                        {
                            if (_consumersBySsrc.TryGetValue(fir.GetEntry(i).Ssrc, out Consumer? firConsumer))
                            {
                                SfuMetrics.CountFeedback(RtcpFeedbackKind.Fir, sent: false);
                                firConsumer.Producer.RequestKeyframe(nowTicks);
                            }
                        }
                    }

                    break;
            }
        }

        if (packets.Malformed)
        {
            SfuMetrics.CountDrop(DropReason.Malformed);
        }
    }

    private void OnReportBlocks(ReportBlockList blocks, long nowTicks)
    {
        uint arrival = MediaTime.NtpToCompact(_context.NtpNow());
        foreach (ReportBlock block in blocks)
        {
            if (_consumersBySsrc.TryGetValue(block.Ssrc, out Consumer? consumer))
            {
                consumer.Rtt.TryAddSample(block.LastSenderReport, block.DelaySinceLastSenderReport, arrival, out _);
            }
        }
    }

    /// <summary>Sends a PLI (RFC 4585 section 6.3.1) for one of this participant's published SSRCs.</summary>
    internal void SendPictureLossIndication(uint mediaSsrc)
    {
        Span<byte> buffer = _context.RtcpScratch;
        int length = PictureLossIndication.Write(buffer, RtcpSsrc, mediaSsrc);
        if (Transport.SendRtcp(buffer, length))
        {
            SfuMetrics.CountFeedback(RtcpFeedbackKind.Pli, sent: true);
        }
    }

    private void TickRtcp(long nowTicks)
    {
        if (!IsMediaReady)
        {
            return;
        }

        SendNacks(nowTicks);
        if (nowTicks < _nextReportTicks)
        {
            return;
        }

        _nextReportTicks = nowTicks + ReportIntervalTicks;
        SendReceiverReportAndRemb(nowTicks);
        SendSenderReports(nowTicks);
    }

    private void SendNacks(long nowTicks)
    {
        Span<ushort> missing = stackalloc ushort[MaxNacksPerPacket];
        foreach (Producer producer in _producersByMid.Values)
        {
            int count = producer.CollectNacks(nowTicks, missing);
            if (count > 0)
            {
                Span<byte> buffer = _context.RtcpScratch;
                int length = GenericNack.Write(buffer, RtcpSsrc, producer.Ssrc, missing[..count]);
                if (length > 0 && Transport.SendRtcp(buffer, length))
                {
                    SfuMetrics.CountFeedback(RtcpFeedbackKind.Nack, sent: true);
                }
            }
        }
    }

    /// <summary>
    /// RR with a report block per published stream (RFC 3550 section 6.4.2), then REMB (draft-alvestrand-rmcat-remb)
    /// granting the configured bitrate to its video, so the browser's encoder ramps up instead of idling at its start rate.
    /// </summary>
    private void SendReceiverReportAndRemb(long nowTicks)
    {
        Span<ReportBlock> blocks = stackalloc ReportBlock[ReceiverReport.MaxReportBlocks];
        Span<uint> videoSsrcs = stackalloc uint[16];
        int blockCount = 0;
        int videoCount = 0;
        foreach (Producer producer in _producersByMid.Values)
        {
            if (producer.Stats is { } stats && blockCount < blocks.Length && stats.TryGetReportBlock(nowTicks, out ReportBlockValues values))
            {
                blocks[blockCount++] = new ReportBlock(
                    values.Ssrc, values.FractionLost, values.CumulativeLost, values.ExtendedHighestSequence, values.Jitter, values.LastSenderReport, values.DelaySinceLastSenderReport);
            }

            if (producer.Kind == Negotiation.MediaKind.Video && producer.Ssrc != 0 && videoCount < videoSsrcs.Length)
            {
                videoSsrcs[videoCount++] = producer.Ssrc;
            }
        }

        if (blockCount == 0 && videoCount == 0)
        {
            return;
        }

        Span<byte> buffer = _context.RtcpScratch;
        int length = ReceiverReport.Write(buffer, RtcpSsrc, blocks[..blockCount]);
        if (videoCount > 0)
        {
            length += Remb.Write(buffer[length..], RtcpSsrc, (ulong)_context.PublisherMaxBitrate, videoSsrcs[..videoCount]);
        }

        Transport.SendRtcp(buffer, length);
    }

    /// <summary>One SR per stream we send this participant (RFC 3550 section 6.4.1), so it can sync audio and video and measure RTT.</summary>
    private void SendSenderReports(long nowTicks)
    {
        Span<byte> buffer = _context.RtcpScratch;
        int length = 0;
        ulong ntp = _context.NtpNow();
        foreach (Consumer consumer in _consumers)
        {
            if (length + SenderReport.GetLength(0) > 1000)
            {
                Transport.SendRtcp(buffer, length);
                length = 0;
            }

            if (consumer.IsNegotiated && consumer.SenderReport.TryGetSenderReport(nowTicks, ntp, out SenderReportValues values))
            {
                length += SenderReport.Write(buffer[length..], values.Ssrc, values.NtpTimestamp, values.RtpTimestamp, values.PacketCount, values.OctetCount);
            }
        }

        if (length > 0)
        {
            Transport.SendRtcp(buffer, length);
        }
    }
}
