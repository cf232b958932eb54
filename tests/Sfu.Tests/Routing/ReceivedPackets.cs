using Sfu.Wire.Rtcp;
using Sfu.Wire.Rtp;

namespace Sfu.Tests.Routing;

/// <summary>One RTP packet the server sent a browser, after SRTP, and when (harness ticks) it arrived.</summary>
internal sealed class ReceivedRtp
{
    public ReceivedRtp(byte[] packet, long atTicks)
    {
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader header), "the server sent a malformed RTP packet");
        Packet = packet;
        Header = header;
        AtTicks = atTicks;
    }

    public byte[] Packet { get; }

    public RtpHeader Header { get; }

    public long AtTicks { get; }

    public uint Ssrc => Header.Ssrc;

    public ushort SequenceNumber => Header.SequenceNumber;

    public uint Timestamp => Header.Timestamp;

    public byte PayloadType => Header.PayloadType;

    public bool Marker => Header.Marker;

    public byte[] Payload => Header.GetPayload(Packet).ToArray();

    public byte[]? Extension(int id) =>
        id > 0 && RtpHeaderExtensions.TryFind(Packet, Header, id, out ReadOnlySpan<byte> value) ? value.ToArray() : null;
}

/// <summary>One RTCP compound packet the server sent a browser, after SRTCP, split into its messages.</summary>
internal sealed class ReceivedRtcp
{
    public ReceivedRtcp(byte[] packet, long atTicks)
    {
        Packet = packet;
        AtTicks = atTicks;
        var packets = new RtcpCompoundEnumerator(packet);
        while (packets.MoveNext())
        {
            Messages.Add(Read(packets.Current));
        }

        Assert.False(packets.Malformed, "the server sent a malformed RTCP compound packet");
    }

    public byte[] Packet { get; }

    public long AtTicks { get; }

    public List<object> Messages { get; } = [];

    private static object Read(RtcpPacket item)
    {
        switch (item.PacketType)
        {
            case RtcpPacketType.SenderReport:
                Assert.True(SenderReport.TryRead(item.Data, out SenderReport sr));
                return new SrMessage(sr.Ssrc, sr.NtpTimestamp, sr.RtpTimestamp, sr.PacketCount, sr.OctetCount, Blocks(sr.ReportBlocks));
            case RtcpPacketType.ReceiverReport:
                Assert.True(ReceiverReport.TryRead(item.Data, out ReceiverReport rr));
                return new RrMessage(rr.Ssrc, Blocks(rr.ReportBlocks));
            case RtcpPacketType.PayloadFeedback when item.Format == RtcpFeedbackFormat.PictureLossIndication:
                Assert.True(PictureLossIndication.TryRead(item.Data, out PictureLossIndication pli));
                return new PliMessage(pli.SenderSsrc, pli.MediaSsrc);
            case RtcpPacketType.PayloadFeedback when item.Format == RtcpFeedbackFormat.FullIntraRequest:
                Assert.True(FullIntraRequest.TryRead(item.Data, out FullIntraRequest fir));
                uint[] requested = new uint[fir.EntryCount];
                for (int i = 0; i < requested.Length; i++)
                {
                    requested[i] = fir.GetEntry(i).Ssrc;
                }

                return new FirMessage(fir.SenderSsrc, requested);
            case RtcpPacketType.PayloadFeedback when item.Format == RtcpFeedbackFormat.ApplicationLayer && Remb.TryRead(item.Data, out Remb remb):
                uint[] ssrcs = new uint[remb.SsrcCount];
                for (int i = 0; i < ssrcs.Length; i++)
                {
                    ssrcs[i] = remb.GetSsrc(i);
                }

                return new RembMessage(remb.SenderSsrc, remb.Bitrate, ssrcs);
            case RtcpPacketType.TransportFeedback when item.Format == RtcpFeedbackFormat.GenericNack:
                Assert.True(GenericNack.TryRead(item.Data, out GenericNack nack));
                var lost = new List<ushort>();
                foreach (ushort sequence in nack.LostSequenceNumbers)
                {
                    lost.Add(sequence);
                }

                return new NackMessage(nack.SenderSsrc, nack.MediaSsrc, [.. lost]);
            case RtcpPacketType.TransportFeedback when item.Format == RtcpFeedbackFormat.TransportCc:
                Assert.True(TransportCcFeedback.TryRead(item.Data, out TransportCcFeedback twcc), "the server sent malformed transport-cc feedback");
                var statuses = new List<TwccStatus>();
                foreach (TransportCcPacketStatus status in twcc)
                {
                    statuses.Add(new TwccStatus(status.SequenceNumber, status.Received, status.Received ? status.ArrivalTicks : 0));
                }

                return new TwccMessage(twcc.SenderSsrc, twcc.MediaSsrc, twcc.FeedbackPacketCount, [.. statuses]);
            default:
                return new OtherRtcpMessage(item.PacketType, item.Format);
        }
    }

    private static ReportBlock[] Blocks(ReportBlockList list)
    {
        var blocks = new ReportBlock[list.Count];
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i] = list[i];
        }

        return blocks;
    }
}

internal sealed record SrMessage(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount, ReportBlock[] Blocks);

internal sealed record RrMessage(uint SenderSsrc, ReportBlock[] Blocks);

internal sealed record PliMessage(uint SenderSsrc, uint MediaSsrc);

internal sealed record FirMessage(uint SenderSsrc, uint[] MediaSsrcs);

internal sealed record RembMessage(uint SenderSsrc, ulong Bitrate, uint[] Ssrcs);

internal sealed record NackMessage(uint SenderSsrc, uint MediaSsrc, ushort[] Lost);

/// <summary>Transport-cc feedback; each status's arrival is in 250 µs ticks on the server's clock.</summary>
internal sealed record TwccMessage(uint SenderSsrc, uint MediaSsrc, byte FeedbackPacketCount, TwccStatus[] Statuses);

internal readonly record struct TwccStatus(ushort SequenceNumber, bool Received, long ArrivalTicks);

internal sealed record OtherRtcpMessage(byte PacketType, int Format);
