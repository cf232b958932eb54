using Sfu.Wire.Rtcp;

namespace Sfu.Tests.Wire.Rtcp;

public class PayloadFeedbackTests
{
    [Fact]
    public void ReadsAndWritesPli()
    {
        ReadOnlySpan<byte> captured = RtcpTestPackets.CapturedDump.AsSpan(92, 12);
        Assert.True(PictureLossIndication.TryRead(captured, out PictureLossIndication pli));
        Assert.Equal(0x902F9E2Eu, pli.SenderSsrc);
        Assert.Equal(0x902F9E2Eu, pli.MediaSsrc);

        byte[] buffer = new byte[12];
        Assert.Equal(12, PictureLossIndication.Write(buffer, 0x902F9E2E, 0x902F9E2E));
        Assert.Equal(captured.ToArray(), buffer);
        Assert.Equal(0, PictureLossIndication.Write(new byte[11], 1, 2));
    }

    [Fact]
    public void PliRejectsOtherFormats()
    {
        Assert.False(PictureLossIndication.TryRead(RtcpTestPackets.ChromeRemb, out _));
        Assert.False(PictureLossIndication.TryRead(RtcpTestPackets.CapturedDump.AsSpan(104, 12), out _)); // RTPFB
    }

    // RFC 5104 section 4.3.1: FIR with the media source field 0 and one FCI entry.
    private static readonly byte[] Fir =
    [
        0x84, 0xCE, 0x00, 0x04, // V=2, FMT=4; PT=206 (PSFB); length 4 -> 20 bytes
        0x00, 0x00, 0x00, 0x01, // SSRC of packet sender
        0x00, 0x00, 0x00, 0x00, // SSRC of media source: unused, 0
        0x12, 0x34, 0x56, 0x78, // FCI: SSRC of the source asked for a keyframe
        0x07, 0x00, 0x00, 0x00, // command sequence number 7, reserved
    ];

    [Fact]
    public void ReadsAndWritesFir()
    {
        Assert.True(FullIntraRequest.TryRead(Fir, out FullIntraRequest fir));
        Assert.Equal(1u, fir.SenderSsrc);
        Assert.Equal(0u, fir.MediaSsrc);
        Assert.Equal(1, fir.EntryCount);
        Assert.Equal(0x12345678u, fir.GetEntry(0).Ssrc);
        Assert.Equal(7, fir.GetEntry(0).SequenceNumber);
        Assert.True(fir.TryFind(0x12345678, out byte sequenceNumber));
        Assert.Equal(7, sequenceNumber);
        Assert.False(fir.TryFind(1, out _));

        byte[] buffer = new byte[20];
        Assert.Equal(20, FullIntraRequest.Write(buffer, 1, 0x12345678, 7));
        Assert.Equal(Fir, buffer);
    }

    [Fact]
    public void FirWithSeveralEntries()
    {
        byte[] buffer = new byte[64];
        int length = FullIntraRequest.Write(buffer, 9, [new FirEntry(1, 1), new FirEntry(2, 200)]);
        Assert.Equal(28, length);
        Assert.True(FullIntraRequest.TryRead(buffer.AsSpan(0, length), out FullIntraRequest fir));
        Assert.Equal(2, fir.EntryCount);
        Assert.True(fir.TryFind(2, out byte sequenceNumber));
        Assert.Equal(200, sequenceNumber);
        Assert.Equal(0, FullIntraRequest.Write(buffer, 9, ReadOnlySpan<FirEntry>.Empty));
        Assert.Equal(0, FullIntraRequest.Write(new byte[19], 9, 1, 1));
    }

    [Fact]
    public void FirWithoutEntryIsRejected()
    {
        Assert.False(FullIntraRequest.TryRead([0x84, 0xCE, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 0], out _));
    }

    [Fact]
    public void WritesChromesRembByteForByte()
    {
        byte[] buffer = new byte[24];
        Assert.Equal(24, Remb.Write(buffer, 1, 8_927_168, [1215622422]));
        Assert.Equal(RtcpTestPackets.ChromeRemb, buffer);
    }

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(262_143UL, 262_143UL)]              // largest mantissa, exponent 0
    [InlineData(262_144UL, 262_144UL)]              // exponent 1
    [InlineData(8_927_167UL, 8_927_104UL)]          // rounds down to a multiple of 2^6
    [InlineData(1_000_000_000UL, 999_997_440UL)]  // 244140 << 12
    [InlineData(ulong.MaxValue, 0xFFFF_C000_0000_0000UL)] // exponent 46, mantissa all ones
    public void RembBitrateRoundsDownThroughMantissaAndExponent(ulong bitrate, ulong expected)
    {
        byte[] buffer = new byte[20];
        Assert.Equal(20, Remb.Write(buffer, 1, bitrate, []));
        Assert.True(Remb.TryRead(buffer, out Remb remb));
        Assert.Equal(expected, remb.Bitrate);
        Assert.Equal(0, remb.SsrcCount);
    }

    [Fact]
    public void RembReadSaturatesAHugeExponent()
    {
        // Exponent 63 with the full mantissa cannot be represented in 64 bits.
        byte[] packet = [0x8F, 0xCE, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0x52, 0x45, 0x4D, 0x42, 0x00, 0xFF, 0xFF, 0xFF];
        Assert.True(Remb.TryRead(packet, out Remb remb));
        Assert.Equal(ulong.MaxValue, remb.Bitrate);
    }

    [Fact]
    public void RembRejectsOtherApplicationFeedbackAndMissingSsrcs()
    {
        byte[] notRemb = (byte[])RtcpTestPackets.ChromeRemb.Clone();
        notRemb[15] = (byte)'X';
        Assert.False(Remb.TryRead(notRemb, out _));
        byte[] tooManySsrcs = (byte[])RtcpTestPackets.ChromeRemb.Clone();
        tooManySsrcs[16] = 2;
        Assert.False(Remb.TryRead(tooManySsrcs, out _));
        Assert.Equal(0, Remb.Write(new byte[2000], 1, 1, new uint[256]));
    }
}
