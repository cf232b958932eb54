using Sfu.Wire.Rtcp;

namespace Sfu.Tests.Wire.Rtcp;

public class RtcpHeaderTests
{
    [Fact]
    public void ReadsCommonHeader()
    {
        Assert.True(RtcpHeader.TryRead(RtcpTestPackets.ChromeReceiverReport, out RtcpHeader header));
        Assert.Equal(1, header.Count);
        Assert.Equal(RtcpPacketType.ReceiverReport, header.PacketType);
        Assert.Equal(7, header.LengthInWords);
        Assert.Equal(32, header.PacketLength);
        Assert.False(header.HasPadding);
        Assert.Equal(28, header.PayloadLength);
    }

    [Fact]
    public void ReadsPadding()
    {
        Assert.True(RtcpHeader.TryRead(RtcpTestPackets.CapturedTransportCc, out RtcpHeader header));
        Assert.Equal(15, header.Format);
        Assert.True(header.HasPadding);
        Assert.Equal(1, header.PaddingLength);
        Assert.Equal(32 - 4 - 1, header.PayloadLength);
    }

    public static TheoryData<string, byte[]> Invalid => new()
    {
        { "shorter than a header", [0x80, 0xC9, 0x00] },
        { "version 1", [0x40, 0xC9, 0x00, 0x00] },
        { "length past the data", [0x80, 0xC9, 0x00, 0x01, 0, 0, 0] },
        { "padding count 0", [0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 0] },
        { "padding into the header", [0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 5] },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void RejectsMalformed(string because, byte[] data)
    {
        Assert.False(RtcpHeader.TryRead(data, out _), because);
    }

    [Fact]
    public void WritesHeader()
    {
        byte[] buffer = new byte[4];
        RtcpHeader.Write(buffer, 15, RtcpPacketType.TransportFeedback, 32);
        Assert.Equal(new byte[] { 0x8F, 0xCD, 0x00, 0x07 }, buffer);
        RtcpHeader.SetPadding(buffer);
        Assert.Equal(0xAF, buffer[0]);
    }
}
