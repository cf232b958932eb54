using Sfu.Wire.Rtp;

namespace Sfu.Tests.Wire.Rtp;

public class RtpHeaderTests
{
    [Fact]
    public void ReadsMinimalHeader()
    {
        byte[] packet = RtpTestPackets.Minimal();
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader header));
        Assert.False(header.Marker);
        Assert.Equal(96, header.PayloadType);
        Assert.Equal(0x1234, header.SequenceNumber);
        Assert.Equal(0x5678u, header.Timestamp);
        Assert.Equal(0xDEADBEEFu, header.Ssrc);
        Assert.Equal(0, header.CsrcCount);
        Assert.False(header.HasExtension);
        Assert.False(header.HasPadding);
        Assert.Equal(12, header.HeaderLength);
        Assert.Equal(12, header.PayloadOffset);
        Assert.Equal(3, header.PayloadLength);
        Assert.Equal(0, header.PaddingLength);
        Assert.Equal(packet.Length, header.PacketLength);
        Assert.Equal(new byte[] { 1, 2, 3 }, header.GetPayload(packet).ToArray());
    }

    [Fact]
    public void ReadsCsrcsExtensionAndPadding()
    {
        byte[] packet = RtpTestPackets.Full();
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader header));
        Assert.True(header.Marker);
        Assert.Equal(111, header.PayloadType);
        Assert.Equal(65535, header.SequenceNumber);
        Assert.Equal(0x01020304u, header.Timestamp);
        Assert.Equal(0x11223344u, header.Ssrc);
        Assert.Equal(2, header.CsrcCount);
        Assert.Equal(0xAAAAAAAAu, header.GetCsrc(packet, 0));
        Assert.Equal(0xBBBBBBBBu, header.GetCsrc(packet, 1));
        Assert.True(header.HasExtension);
        Assert.Equal(0xBEDE, header.ExtensionProfile);
        Assert.Equal(24, header.ExtensionOffset);
        Assert.Equal(8, header.ExtensionLength);
        Assert.Equal(32, header.HeaderLength);
        Assert.Equal(2, header.PayloadLength);
        Assert.Equal(3, header.PaddingLength);
        Assert.True(header.HasPadding);
        Assert.Equal(37, header.PacketLength);
        Assert.Equal(new byte[] { 0xCA, 0xFE }, header.GetPayload(packet).ToArray());
        Assert.Equal(8, header.GetExtensionBody(packet).Length);
    }

    [Fact]
    public void AcceptsPaddingOnlyPacket()
    {
        // Probing packets: header plus padding, no payload.
        byte[] packet = [0xA0, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 4];
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader header));
        Assert.Equal(0, header.PayloadLength);
        Assert.Equal(4, header.PaddingLength);
    }

    public static TheoryData<string, byte[]> Invalid => new()
    {
        { "empty", [] },
        { "11 bytes", [0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0] },
        { "version 1", [0x40, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1] },
        { "version 0 (STUN-like)", [0x00, 0x01, 0, 0, 0x21, 0x12, 0xA4, 0x42, 0, 0, 0, 0] },
        { "CSRC list past the end", [0x81, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0] },
        { "extension header missing", [0x90, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xBE, 0xDE] },
        { "extension body past the end", [0x90, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xBE, 0xDE, 0, 2, 0x10, 0xAB, 0, 0] },
        { "padding count 0", [0xA0, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xAA, 0x00] },
        { "padding into header", [0xA0, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xAA, 0x03] },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void RejectsMalformed(string because, byte[] packet)
    {
        Assert.False(RtpHeader.TryRead(packet, out _), because);
    }

    [Fact]
    public void RewritesHeaderFieldsInPlace()
    {
        byte[] packet = RtpTestPackets.Full();
        byte[] original = (byte[])packet.Clone();

        RtpHeader.WriteSequenceNumber(packet, 0xABCD);
        RtpHeader.WriteTimestamp(packet, 0xCAFEBABE);
        RtpHeader.WriteSsrc(packet, 0x01020304);
        RtpHeader.WritePayloadType(packet, 100);

        Assert.True(RtpHeader.TryRead(packet, out RtpHeader header));
        Assert.Equal(0xABCD, header.SequenceNumber);
        Assert.Equal(0xCAFEBABEu, header.Timestamp);
        Assert.Equal(0x01020304u, header.Ssrc);
        Assert.Equal(100, header.PayloadType);
        Assert.True(header.Marker); // payload type rewrite keeps the marker

        RtpHeader.WriteMarker(packet, false);
        Assert.Equal(100, packet[1]); // marker cleared, PT kept
        RtpHeader.WriteMarker(packet, true);
        Assert.Equal(0x80 | 100, packet[1]);

        // Bytes from the CSRCs on are untouched.
        Assert.Equal(original.AsSpan(12).ToArray(), packet.AsSpan(12).ToArray());
        Assert.Equal(0xB2, packet[0]);
    }

    [Fact]
    public void ParsingAndRewritingDoNotAllocate()
    {
        byte[] packet = RtpTestPackets.Full();
        Exercise(packet); // warm up (JIT, statics)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Exercise(packet);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void Exercise(byte[] packet)
        {
            RtpHeader.TryRead(packet, out RtpHeader header);
            RtpHeader.WriteSequenceNumber(packet, (ushort)(header.SequenceNumber + 1));
            RtpHeader.WriteTimestamp(packet, header.Timestamp + 3000);
            RtpHeader.WriteSsrc(packet, header.Ssrc ^ 1);
            RtpHeaderExtensions.TryFind(packet, header, 2, out _);
        }
    }
}
