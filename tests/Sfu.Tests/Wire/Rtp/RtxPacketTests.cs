using Sfu.Wire.Rtp;

namespace Sfu.Tests.Wire.Rtp;

public class RtxPacketTests
{
    // RFC 4588 section 4: the RTX packet of RtpTestPackets.Full() for PT 97, seq 0x0100, SSRC 0x55667788.
    private static readonly byte[] ExpectedRtx =
    [
        0x92,                   // V=2, P cleared (original padding not carried), X=1, CC=2
        0xE1,                   // marker kept, PT 97
        0x01, 0x00,             // RTX sequence number
        0x01, 0x02, 0x03, 0x04, // original timestamp
        0x55, 0x66, 0x77, 0x88, // RTX SSRC
        0xAA, 0xAA, 0xAA, 0xAA, 0xBB, 0xBB, 0xBB, 0xBB, // CSRCs unchanged
        0xBE, 0xDE, 0x00, 0x02, 0x10, 0xAB, 0x00, 0x21, 0x01, 0x02, 0x00, 0x00, // extension unchanged
        0xFF, 0xFF,             // OSN: original sequence number 65535
        0xCA, 0xFE,             // original payload
    ];

    [Fact]
    public void BuildsRtxFromOriginal()
    {
        byte[] original = RtpTestPackets.Full();
        RtpHeader.TryRead(original, out RtpHeader header);
        byte[] destination = new byte[64];

        Assert.Equal(36, RtxPacket.GetLength(header));
        int length = RtxPacket.Write(destination, original, header, 97, 0x0100, 0x55667788);

        Assert.Equal(ExpectedRtx, destination.AsSpan(0, length).ToArray());
        Assert.True(RtpHeader.TryRead(destination.AsSpan(0, length), out RtpHeader rtx));
        Assert.True(RtxPacket.TryReadOriginalSequenceNumber(destination.AsSpan(0, length), rtx, out ushort osn));
        Assert.Equal(65535, osn);
    }

    [Fact]
    public void BuildsRtxInPlace()
    {
        byte[] buffer = new byte[64];
        byte[] original = RtpTestPackets.Full();
        original.CopyTo(buffer, 0);
        RtpHeader.TryRead(original, out RtpHeader header);

        int length = RtxPacket.Write(buffer, buffer.AsSpan(0, original.Length), header, 97, 0x0100, 0x55667788);
        Assert.Equal(ExpectedRtx, buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void RestoresTheOriginalFromRtx()
    {
        byte[] rtx = (byte[])ExpectedRtx.Clone();
        RtpHeader.TryRead(rtx, out RtpHeader header);
        byte[] destination = new byte[64];
        int length = RtxPacket.WriteOriginal(destination, rtx, header, 111, 0x11223344);

        // The original without its padding (and with P clear).
        byte[] expected = RtpTestPackets.Full().AsSpan(0, 34).ToArray();
        expected[0] = 0x92;
        Assert.Equal(expected, destination.AsSpan(0, length).ToArray());

        // Same in place.
        int inPlace = RtxPacket.WriteOriginal(rtx, rtx, header, 111, 0x11223344);
        Assert.Equal(expected, rtx.AsSpan(0, inPlace).ToArray());
    }

    [Fact]
    public void PaddingOnlyRtxHasNoOsn()
    {
        // RTX used for bandwidth probing: header plus 4 bytes of padding, no payload.
        byte[] probe = [0xA0, 0x61, 0, 9, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 4];
        Assert.True(RtpHeader.TryRead(probe, out RtpHeader header));
        Assert.False(RtxPacket.TryReadOriginalSequenceNumber(probe, header, out _));
        Assert.Equal(0, RtxPacket.WriteOriginal(new byte[32], probe, header, 96, 1));
    }

    [Fact]
    public void RefusesDestinationsThatAreTooSmall()
    {
        byte[] original = RtpTestPackets.Full();
        RtpHeader.TryRead(original, out RtpHeader header);
        Assert.Equal(0, RtxPacket.Write(new byte[35], original, header, 97, 1, 2));
    }
}
