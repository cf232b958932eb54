using Sfu.Wire.Rtcp;

namespace Sfu.Tests.Wire.Rtcp;

public class RtcpCompoundEnumeratorTests
{
    [Fact]
    public void ReadsChromeReceiverReportAndRemb()
    {
        byte[] data = RtcpTestPackets.ChromeRrRemb();
        var packets = new RtcpCompoundEnumerator(data);
        int count = 0;
        foreach (RtcpPacket packet in packets)
        {
            if (count == 0)
            {
                Assert.Equal(RtcpPacketType.ReceiverReport, packet.PacketType);
                Assert.True(ReceiverReport.TryRead(packet.Data, out ReceiverReport rr));
                Assert.Equal(0x902F9E2Eu, rr.Ssrc);
                Assert.Equal(1, rr.ReportBlocks.Count);
                ReportBlock block = rr.ReportBlocks[0];
                Assert.Equal(0xBC5E9A40u, block.Ssrc);
                Assert.Equal(0, block.FractionLost);
                Assert.Equal(0, block.CumulativeLost);
                Assert.Equal(0x46E1u, block.HighestSequenceNumber);
                Assert.Equal(273u, block.Jitter);
                Assert.Equal(0x09F36432u, block.LastSenderReport);
                Assert.Equal(150137u, block.DelaySinceLastSenderReport);
            }
            else
            {
                Assert.Equal(RtcpPacketType.PayloadFeedback, packet.PacketType);
                Assert.Equal(RtcpFeedbackFormat.ApplicationLayer, packet.Format);
                Assert.True(Remb.TryRead(packet.Data, out Remb remb));
                Assert.Equal(8_927_168UL, remb.Bitrate);
                Assert.Equal(1, remb.SsrcCount);
                Assert.Equal(1215622422u, remb.GetSsrc(0));
            }

            count++;
        }

        Assert.Equal(2, count);
        Assert.False(packets.Malformed);
    }

    [Fact]
    public void ReadsSenderReportAndSdes()
    {
        var packets = new RtcpCompoundEnumerator(RtcpTestPackets.SenderReportWithSdes);
        Assert.True(packets.MoveNext());
        Assert.True(SenderReport.TryRead(packets.Current.Data, out SenderReport sr));
        Assert.Equal(0x12345678u, sr.Ssrc);
        Assert.Equal(0xE8B1C9F2_80000000UL, sr.NtpTimestamp);
        Assert.Equal(0xC9F28000u, sr.CompactNtp);
        Assert.Equal(90000u, sr.RtpTimestamp);
        Assert.Equal(1000u, sr.PacketCount);
        Assert.Equal(1_000_000u, sr.OctetCount);
        Assert.Equal(1, sr.ReportBlocks.Count);
        Assert.Equal(-3, sr.ReportBlocks[0].CumulativeLost);
        Assert.Equal(25, sr.ReportBlocks[0].FractionLost);
        Assert.Equal(0x00010010u, sr.ReportBlocks[0].HighestSequenceNumber);

        Assert.True(packets.MoveNext());
        Assert.True(SdesPacket.TryRead(packets.Current.Data, out SdesPacket sdes));
        Assert.Equal(1, sdes.ChunkCount);
        foreach (SdesChunk chunk in sdes)
        {
            Assert.Equal(0x12345678u, chunk.Ssrc);
            Assert.True(chunk.TryGetCname(out ReadOnlySpan<byte> cname));
            Assert.Equal("mUgBGYb6mR7Rlxgd"u8.ToArray(), cname.ToArray());
        }

        Assert.False(packets.MoveNext());
        Assert.False(packets.Malformed);
    }

    [Fact]
    public void WalksEveryPacketOfACapturedCompound()
    {
        var types = new List<(byte Type, int Format, int Length)>();
        var packets = new RtcpCompoundEnumerator(RtcpTestPackets.CapturedDump);
        foreach (RtcpPacket packet in packets)
        {
            types.Add((packet.PacketType, packet.Format, packet.Data.Length));
        }

        Assert.Equal(
            [(201, 1, 32), (202, 1, 52), (203, 1, 8), (206, 1, 12), (205, 5, 12), (204, 0, 16)],
            types);
        Assert.False(packets.Malformed);
    }

    [Fact]
    public void EmptyDataHasNoPacketsAndIsNotMalformed()
    {
        var packets = new RtcpCompoundEnumerator([]);
        Assert.False(packets.MoveNext());
        Assert.False(packets.Malformed);
    }

    public static TheoryData<string, byte[], int> Malformed => new()
    {
        // Second packet claims 8 words but only 2 remain.
        { "length overruns the datagram", [.. RtcpTestPackets.ChromeReceiverReport, 0x81, 0xCE, 0x00, 0x08, 0, 0, 0, 1], 1 },
        // Two stray bytes after a valid packet.
        { "trailing bytes shorter than a header", [.. RtcpTestPackets.ChromeRemb, 0x80, 0xC9], 1 },
        // Second packet has version 0.
        { "bad version", [.. RtcpTestPackets.ChromeRemb, 0x01, 0xC9, 0x00, 0x00], 1 },
        // First packet has P set with a zero count byte.
        { "bad padding", [0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 0, .. RtcpTestPackets.ChromeRemb], 0 },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void StopsAtMalformedDataAndSaysSoAfterForeach(string because, byte[] data, int validPackets)
    {
        var packets = new RtcpCompoundEnumerator(data);
        int count = 0;
        foreach (RtcpPacket packet in packets)
        {
            Assert.True(packet.Data.Length >= RtcpHeader.Length);
            count++;
        }

        Assert.Equal(validPackets, count);
        Assert.True(packets.Malformed, because);
        Assert.False(packets.MoveNext());
    }

    [Fact]
    public void EnumerationDoesNotAllocate()
    {
        byte[] data = RtcpTestPackets.CapturedDump;
        Count(data);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 1000; i++)
        {
            total += Count(data);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(6000, total);

        static int Count(byte[] data)
        {
            int n = 0;
            foreach (RtcpPacket packet in new RtcpCompoundEnumerator(data))
            {
                ReceiverReport.TryRead(packet.Data, out _);
                n++;
            }

            return n;
        }
    }
}
