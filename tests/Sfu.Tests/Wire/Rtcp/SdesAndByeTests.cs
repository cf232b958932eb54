using System.Text;
using Sfu.Wire.Rtcp;

namespace Sfu.Tests.Wire.Rtcp;

public class SdesAndByeTests
{
    [Fact]
    public void ReadsCapturedCname()
    {
        ReadOnlySpan<byte> sdesBytes = RtcpTestPackets.CapturedDump.AsSpan(32, 52);
        Assert.True(SdesPacket.TryRead(sdesBytes, out SdesPacket sdes));
        int chunks = 0;
        foreach (SdesChunk chunk in sdes)
        {
            Assert.Equal(0x902F9E2Eu, chunk.Ssrc);
            Assert.True(chunk.TryGetCname(out ReadOnlySpan<byte> cname));
            Assert.Equal("{9c00eb92-1afb-9d49-a47d-91f64eee69f5}", Encoding.UTF8.GetString(cname));
            chunks++;
        }

        Assert.Equal(1, chunks);
    }

    [Fact]
    public void ReadsSeveralChunksAndItems()
    {
        byte[] packet =
        [
            0x82, 0xCA, 0x00, 0x07, // SC=2, length 7 -> 32 bytes
            0x00, 0x00, 0x00, 0x0A, // chunk 1 SSRC 10
            0x01, 0x02, 0x61, 0x62, // CNAME "ab"
            0x00, 0x00, 0x00, 0x00, // null item ends on a boundary, so a whole word of nulls
            0x00, 0x00, 0x00, 0x0B, // chunk 2 SSRC 11
            0x02, 0x01, 0x4E,       // NAME "N"
            0x06, 0x02, 0x54, 0x54, // TOOL "TT"
            0x01, 0x01, 0x63,       // CNAME "c"
            0x00, 0x00,             // null item + 1 padding byte
        ];
        Assert.True(SdesPacket.TryRead(packet, out SdesPacket sdes));
        var seen = new List<string>();
        foreach (SdesChunk chunk in sdes)
        {
            foreach (SdesItem item in chunk.Items)
            {
                seen.Add($"{chunk.Ssrc}:{item.Type}={Encoding.ASCII.GetString(item.Value)}");
            }
        }

        Assert.Equal(["10:Cname=ab", "11:Name=N", "11:Tool=TT", "11:Cname=c"], seen);
    }

    [Theory]
    // Item length runs past the packet.
    [InlineData(new byte[] { 0x81, 0xCA, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x09, 0x61, 0x00 })]
    // No terminating null octet.
    [InlineData(new byte[] { 0x81, 0xCA, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x02, 0x61, 0x62 })]
    // SC says two chunks, only one present.
    [InlineData(new byte[] { 0x82, 0xCA, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x01, 0x61, 0x00 })]
    // Chunk SSRC truncated.
    [InlineData(new byte[] { 0x81, 0xCA, 0x00, 0x00 })]
    public void RejectsMalformedSdes(byte[] packet)
    {
        Assert.False(SdesPacket.TryRead(packet, out _));
    }

    [Fact]
    public void WritesCnameLikeTheVector()
    {
        byte[] buffer = new byte[64];
        int length = SdesPacket.WriteCname(buffer, 0x12345678, "mUgBGYb6mR7Rlxgd"u8);
        Assert.Equal(28, length);
        Assert.Equal(RtcpTestPackets.SenderReportWithSdes.AsSpan(52).ToArray(), buffer.AsSpan(0, length).ToArray());
        Assert.Equal(28, SdesPacket.WriteCname(buffer, 0x12345678, "mUgBGYb6mR7Rlxgd"));
    }

    [Theory]
    [InlineData(0, 12)]
    [InlineData(1, 12)]
    [InlineData(2, 16)]  // items end on a boundary: a full word of nulls
    [InlineData(5, 16)]
    [InlineData(6, 20)]
    [InlineData(255, 268)]
    public void CnameLengthsPadTo32Bits(int cnameLength, int expected)
    {
        Assert.Equal(expected, SdesPacket.GetCnameLength(cnameLength));
        byte[] buffer = new byte[300];
        byte[] cname = new byte[cnameLength];
        Array.Fill(cname, (byte)'x');
        int length = SdesPacket.WriteCname(buffer, 9, cname);
        Assert.Equal(expected, length);
        Assert.True(SdesPacket.TryRead(buffer.AsSpan(0, length), out SdesPacket sdes));
        foreach (SdesChunk chunk in sdes)
        {
            Assert.True(chunk.TryGetCname(out ReadOnlySpan<byte> read));
            Assert.Equal(cname, read.ToArray());
        }
    }

    [Fact]
    public void CnameWriterRefusesWhatDoesNotFit()
    {
        Assert.Equal(0, SdesPacket.WriteCname(new byte[300], 1, new byte[256]));
        Assert.Equal(0, SdesPacket.WriteCname(new byte[15], 1, new byte[5]));
        Assert.Equal(0, SdesPacket.WriteCname(new byte[300], 1, new string('x', 256)));
    }

    [Fact]
    public void ReadsCapturedBye()
    {
        ReadOnlySpan<byte> bytes = RtcpTestPackets.CapturedDump.AsSpan(84, 8);
        Assert.True(ByePacket.TryRead(bytes, out ByePacket bye));
        Assert.Equal(1, bye.SourceCount);
        Assert.Equal(0x902F9E2Eu, bye.GetSource(0));
        Assert.True(bye.Reason.IsEmpty);
    }

    [Fact]
    public void ByeWithReasonRoundTrips()
    {
        byte[] buffer = new byte[64];
        int length = ByePacket.Write(buffer, [1, 2], "kicked"u8);
        byte[] expected =
        [
            0x82, 0xCB, 0x00, 0x04, // SC=2, PT=203, length 4 -> 20 bytes
            0x00, 0x00, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x02,
            0x06, 0x6B, 0x69, 0x63, // reason length 6, "kic"
            0x6B, 0x65, 0x64, 0x00, // "ked" + padding
        ];
        Assert.Equal(expected, buffer.AsSpan(0, length).ToArray());
        Assert.True(ByePacket.TryRead(expected, out ByePacket bye));
        Assert.Equal(2, bye.SourceCount);
        Assert.Equal(2u, bye.GetSource(1));
        Assert.Equal("kicked"u8.ToArray(), bye.Reason.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x82, 0xCB, 0x00, 0x01, 0, 0, 0, 1 })]             // 2 sources, room for 1
    [InlineData(new byte[] { 0x81, 0xCB, 0x00, 0x02, 0, 0, 0, 1, 0x09, 0x61, 0x62, 0x63 })] // reason overruns
    public void RejectsMalformedBye(byte[] packet)
    {
        Assert.False(ByePacket.TryRead(packet, out _));
    }

    [Fact]
    public void ByeWriterLimits()
    {
        Assert.Equal(0, ByePacket.Write(new byte[1000], new uint[32]));
        Assert.Equal(0, ByePacket.Write(new byte[1000], [1], new byte[256]));
        Assert.Equal(0, ByePacket.Write(new byte[7], [1]));
        Assert.Equal(8, ByePacket.Write(new byte[8], [1]));
    }
}
