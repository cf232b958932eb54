using Sfu.Congestion;
using Sfu.Diagnostics;
using Sfu.Streams;
using Sfu.Wire.Rtcp;

namespace Sfu.Routing;

/// <summary>
/// RTCP the server originates for one participant: NACKs for what it publishes as soon as they are due, transport-wide
/// CC feedback every 50 ms while its packets arrive, once a second a receiver report with REMB and sender reports for
/// what it receives, and PLIs when a subscriber needs a keyframe (the
/// <see cref="IPublisherFeedbackSender"/> its producers are handed). Everything is written into the worker's RTCP
/// scratch buffer; nothing allocates.
/// </summary>
internal sealed class RtcpScheduler(
    uint rtcpSsrc, RtpDemuxer producers, ConsumerSet consumers, TransportCcRecorder arrivals, IRtcpPacketSender sender, RoutingContext context)
    : IPublisherFeedbackSender
{
    private const int MaxNacksPerPacket = 64;
    private const int MaxRembSsrcs = 16;

    /// <summary>Below the path MTU after SRTCP's tag and the UDP/IP headers; a longer run of SRs goes out in several packets.</summary>
    private const int MaxCompoundLength = 1000;

    /// <summary>Feedback messages per interval: 16 × 400 statuses is far beyond what one browser sends in 50 ms.</summary>
    private const int MaxTransportCcMessagesPerTick = 16;

    private static readonly long ReportIntervalTicks = TimeSpan.FromSeconds(1).Ticks;

    /// <summary>
    /// Transport-cc feedback interval. libwebrtc's receiver sends it every 50-250 ms depending on the bitrate; its
    /// send-side estimator reacts to delay growth only as fast as acknowledgements come, so we use the short end.
    /// </summary>
    private static readonly long TransportCcIntervalTicks = TimeSpan.FromMilliseconds(50).Ticks;

    private long _nextReportTicks;
    private long _nextTransportCcTicks;

    public bool CanSendFeedback => sender.IsReady;

    /// <summary>Sends a PLI (RFC 4585 section 6.3.1) for one of this participant's published SSRCs.</summary>
    public void SendPictureLossIndication(uint mediaSsrc)
    {
        Span<byte> buffer = context.RtcpScratch;
        int length = PictureLossIndication.Write(buffer, rtcpSsrc, mediaSsrc);
        if (sender.SendRtcp(buffer, length))
        {
            SfuMetrics.CountFeedback(RtcpFeedbackKind.Pli, sent: true);
        }
    }

    /// <summary>Called on every router tick (about 10 ms): NACKs are due within milliseconds, reports once a second.</summary>
    public void Tick(long nowTicks)
    {
        if (!sender.IsReady)
        {
            return;
        }

        SendNacks(nowTicks);
        if (nowTicks >= _nextTransportCcTicks && arrivals.HasPending)
        {
            _nextTransportCcTicks = nowTicks + TransportCcIntervalTicks;
            SendTransportCcFeedback();
        }

        if (nowTicks < _nextReportTicks)
        {
            return;
        }

        _nextReportTicks = nowTicks + ReportIntervalTicks;
        SendReceiverReportAndRemb(nowTicks);
        SendSenderReports(nowTicks);
    }

    /// <summary>Generic NACKs (RFC 4585 section 6.2.1), one packet per published stream with losses.</summary>
    private void SendNacks(long nowTicks)
    {
        Span<ushort> missing = stackalloc ushort[MaxNacksPerPacket];
        foreach (Producer producer in producers.Producers)
        {
            // Each simulcast layer is its own RTP stream with its own sequence numbers.
            for (int i = 0; i < producer.Layers.Count; i++)
            {
                ProducerLayer layer = producer.Layers[i];
                int count = layer.CollectNacks(nowTicks, missing);
                if (count > 0)
                {
                    Span<byte> buffer = context.RtcpScratch;
                    int length = GenericNack.Write(buffer, rtcpSsrc, layer.Ssrc, missing[..count]);
                    if (length > 0 && sender.SendRtcp(buffer, length))
                    {
                        SfuMetrics.CountFeedback(RtcpFeedbackKind.Nack, sent: true);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Transport-wide CC feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1) for every transport
    /// sequence number recorded since the last one, in as many messages as it takes. Browsers ignore the media SSRC
    /// field (the report covers the transport); we put a published stream's SSRC there, as libwebrtc does.
    /// </summary>
    private void SendTransportCcFeedback()
    {
        uint mediaSsrc = 0;
        foreach (Producer producer in producers.Producers)
        {
            if (producer.Ssrc != 0)
            {
                mediaSsrc = producer.Ssrc;
                break;
            }
        }

        Span<byte> buffer = context.RtcpScratch;
        for (int i = 0; i < MaxTransportCcMessagesPerTick && arrivals.HasPending; i++)
        {
            int length = arrivals.WriteFeedback(buffer, rtcpSsrc, mediaSsrc);
            if (length == 0 || !sender.SendRtcp(buffer, length))
            {
                return;
            }

            SfuMetrics.CountFeedback(RtcpFeedbackKind.TransportCc, sent: true);
        }
    }

    /// <summary>
    /// RR with a report block per published stream (RFC 3550 section 6.4.2), then REMB (draft-alvestrand-rmcat-remb)
    /// granting the configured bitrate to its video, so the browser's encoder ramps up instead of idling at its start rate.
    /// </summary>
    private void SendReceiverReportAndRemb(long nowTicks)
    {
        Span<ReportBlock> blocks = stackalloc ReportBlock[ReceiverReport.MaxReportBlocks];
        Span<uint> videoSsrcs = stackalloc uint[MaxRembSsrcs];
        int blockCount = 0;
        int videoCount = 0;
        foreach (Producer producer in producers.Producers)
        {
            for (int i = 0; i < producer.Layers.Count; i++)
            {
                ProducerLayer layer = producer.Layers[i];
                if (layer.Stats is { } stats && blockCount < blocks.Length && stats.TryGetReportBlock(nowTicks, out ReportBlockValues values))
                {
                    blocks[blockCount++] = new ReportBlock(
                        values.Ssrc, values.FractionLost, values.CumulativeLost, values.ExtendedHighestSequence, values.Jitter, values.LastSenderReport, values.DelaySinceLastSenderReport);
                }

                if (producer.Kind == Negotiation.MediaKind.Video && layer.Ssrc != 0 && videoCount < videoSsrcs.Length)
                {
                    videoSsrcs[videoCount++] = layer.Ssrc;
                }
            }
        }

        if (blockCount == 0 && videoCount == 0)
        {
            return;
        }

        Span<byte> buffer = context.RtcpScratch;
        int length = ReceiverReport.Write(buffer, rtcpSsrc, blocks[..blockCount]);
        if (videoCount > 0)
        {
            length += Remb.Write(buffer[length..], rtcpSsrc, (ulong)context.PublisherMaxBitrate, videoSsrcs[..videoCount]);
        }

        sender.SendRtcp(buffer, length);
    }

    /// <summary>One SR per stream we send this participant (RFC 3550 section 6.4.1), so it can sync audio and video and measure RTT.</summary>
    private void SendSenderReports(long nowTicks)
    {
        Span<byte> buffer = context.RtcpScratch;
        int length = 0;
        ulong ntp = context.NtpNow();
        foreach (Consumer consumer in consumers)
        {
            if (length + SenderReport.GetLength(0) > MaxCompoundLength)
            {
                sender.SendRtcp(buffer, length);
                length = 0;
            }

            if (consumer.IsNegotiated && consumer.SenderReport.TryGetSenderReport(nowTicks, ntp, out SenderReportValues values))
            {
                length += SenderReport.Write(buffer[length..], values.Ssrc, values.NtpTimestamp, values.RtpTimestamp, values.PacketCount, values.OctetCount);
            }
        }

        if (length > 0)
        {
            sender.SendRtcp(buffer, length);
        }
    }
}
