using Sfu.Wire.Rtcp;

namespace Sfu.Tests.Wire.Rtcp;

public class ReportTests
{
    private static readonly ReportBlock Block = new(0x9ABCDEF0, 25, -3, 0x00010010, 32, 0xC9F28000, 0x00010000);

    [Fact]
    public void SenderReportWriterReproducesTheHandBuiltVector()
    {
        byte[] buffer = new byte[64];
        int length = SenderReport.Write(buffer, 0x12345678, 0xE8B1C9F2_80000000UL, 90000, 1000, 1_000_000, [Block]);
        Assert.Equal(52, length);
        Assert.Equal(RtcpTestPackets.SenderReportWithSdes.AsSpan(0, 52).ToArray(), buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void ReceiverReportWriterReproducesChromeBytes()
    {
        var block = new ReportBlock(0xBC5E9A40, 0, 0, 0x46E1, 273, 0x09F36432, 150137);
        byte[] buffer = new byte[32];
        Assert.Equal(32, ReceiverReport.Write(buffer, 0x902F9E2E, [block]));
        Assert.Equal(RtcpTestPackets.ChromeReceiverReport, buffer);
    }

    [Fact]
    public void EmptyReceiverReportIsEightBytes()
    {
        byte[] buffer = new byte[8];
        Assert.Equal(8, ReceiverReport.Write(buffer, 7));
        Assert.Equal(new byte[] { 0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 7 }, buffer);
        Assert.True(ReceiverReport.TryRead(buffer, out ReceiverReport rr));
        Assert.Equal(0, rr.ReportBlocks.Count);
        Assert.True(rr.ProfileExtension.IsEmpty);
    }

    [Fact]
    public void RoundTripsManyBlocksAndEnumeratesThem()
    {
        var blocks = new ReportBlock[31];
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i] = new ReportBlock((uint)i, (byte)i, -i * 1000, (uint)(i << 16), (uint)i * 3, (uint)i * 5, (uint)i * 7);
        }

        byte[] buffer = new byte[SenderReport.GetLength(31)];
        Assert.Equal(buffer.Length, SenderReport.Write(buffer, 1, 2, 3, 4, 5, blocks));
        Assert.True(SenderReport.TryRead(buffer, out SenderReport sr));
        int index = 0;
        foreach (ReportBlock block in sr.ReportBlocks)
        {
            Assert.Equal((uint)index, block.Ssrc);
            Assert.Equal((byte)index, block.FractionLost);
            Assert.Equal(-index * 1000, block.CumulativeLost);
            Assert.Equal((uint)index * 7, block.DelaySinceLastSenderReport);
            index++;
        }

        Assert.Equal(31, index);
    }

    [Fact]
    public void WritersRefuseTooManyBlocksOrTooSmallBuffers()
    {
        Assert.Equal(0, ReceiverReport.Write(new byte[1000], 1, new ReportBlock[32]));
        Assert.Equal(0, SenderReport.Write(new byte[1000], 1, 2, 3, 4, 5, new ReportBlock[32]));
        Assert.Equal(0, ReceiverReport.Write(new byte[31], 1, [Block]));
        Assert.Equal(0, SenderReport.Write(new byte[51], 1, 2, 3, 4, 5, [Block]));
    }

    [Fact]
    public void KeepsProfileExtensionBytes()
    {
        // RR with no blocks and 4 bytes of profile-specific extension.
        byte[] packet = [0x80, 0xC9, 0x00, 0x02, 0, 0, 0, 1, 0xDE, 0xAD, 0xBE, 0xEF];
        Assert.True(ReceiverReport.TryRead(packet, out ReceiverReport rr));
        Assert.Equal(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, rr.ProfileExtension.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x81, 0xC9, 0x00, 0x01, 0, 0, 0, 1 })] // RC=1 but no block
    [InlineData(new byte[] { 0x80, 0xC8, 0x00, 0x01, 0, 0, 0, 1 })] // SR without sender info
    [InlineData(new byte[] { 0x80, 0xCA, 0x00, 0x01, 0, 0, 0, 1 })] // not an RR/SR at all
    public void RejectsTruncatedReports(byte[] packet)
    {
        Assert.False(ReceiverReport.TryRead(packet, out _));
        Assert.False(SenderReport.TryRead(packet, out _));
    }

    [Theory]
    [InlineData(8_388_607, new byte[] { 0x7F, 0xFF, 0xFF })]
    [InlineData(9_000_000, new byte[] { 0x7F, 0xFF, 0xFF })]   // clamped
    [InlineData(-1, new byte[] { 0xFF, 0xFF, 0xFF })]
    [InlineData(-8_388_608, new byte[] { 0x80, 0x00, 0x00 })]
    [InlineData(-9_000_000, new byte[] { 0x80, 0x00, 0x00 })]  // clamped
    public void CumulativeLostIsSigned24Bit(int lost, byte[] expected)
    {
        byte[] buffer = new byte[ReportBlock.Length];
        new ReportBlock(1, 0xAB, lost, 0, 0, 0, 0).Write(buffer);
        Assert.Equal(0xAB, buffer[4]);
        Assert.Equal(expected, buffer.AsSpan(5, 3).ToArray());
        Assert.True(ReportBlock.TryRead(buffer, out ReportBlock read));
        Assert.Equal(Math.Clamp(lost, ReportBlock.MinCumulativeLost, ReportBlock.MaxCumulativeLost), read.CumulativeLost);
    }
}
