using Sfu.Wire.Rtp;

namespace Sfu.Tests.Wire.Rtp;

public class RtpPacketWriterTests
{
    [Fact]
    public void RebuildsTheFullTestPacketExceptInterElementPadding()
    {
        byte[] buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer);
        Assert.True(writer.WriteHeader(111, 65535, 0x01020304, 0x11223344, marker: true, csrcs: [0xAAAAAAAA, 0xBBBBBBBB]));
        Assert.True(writer.AddExtension(1, [0xAB]));
        Assert.True(writer.AddExtension(2, [0x01, 0x02]));
        Assert.True(writer.WritePayload([0xCA, 0xFE]));
        int length = writer.Finish(paddingLength: 3);

        byte[] expected =
        [
            0xB2, 0xEF, 0xFF, 0xFF, 0x01, 0x02, 0x03, 0x04, 0x11, 0x22, 0x33, 0x44,
            0xAA, 0xAA, 0xAA, 0xAA, 0xBB, 0xBB, 0xBB, 0xBB,
            0xBE, 0xDE, 0x00, 0x02,       // one-byte form, 2 words
            0x10, 0xAB, 0x21, 0x01, 0x02, // id 1 (1 byte), id 2 (2 bytes)
            0x00, 0x00, 0x00,             // padding to 32 bits
            0xCA, 0xFE,
            0x00, 0x00, 0x03,
        ];
        Assert.Equal(expected, buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void SwitchesToTwoByteFormWhenAnElementNeedsIt()
    {
        byte[] buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer);
        writer.WriteHeader(96, 1, 2, 3);
        writer.AddExtension(3, [0x11, 0x22]);   // fits one-byte...
        writer.AddExtension(4, [0x33]);
        writer.AddExtension(20, "xyz"u8);       // ...but id 20 does not: convert
        writer.WritePayload([0x99]);
        int length = writer.Finish();

        byte[] expected =
        [
            0x90, 0x60, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, // V=2, X=1
            0x10, 0x00, 0x00, 0x03,       // profile 0x1000, 3 words
            0x03, 0x02, 0x11, 0x22,       // id 3, length 2
            0x04, 0x01, 0x33,             // id 4, length 1
            0x14, 0x03, 0x78, 0x79, 0x7A, // id 20, length 3 "xyz" (12 bytes: no padding needed)
            0x99,
        ];
        Assert.Equal(expected, buffer.AsSpan(0, length).ToArray());
    }

    [Theory]
    [InlineData(5, 0)]   // empty value
    [InlineData(5, 17)]  // longer than 16 bytes
    [InlineData(15, 1)]  // id above 14
    public void UsesTwoByteFormForValuesTheOneByteFormCannotCarry(int id, int valueLength)
    {
        byte[] buffer = new byte[128];
        byte[] value = new byte[valueLength];
        Array.Fill(value, (byte)0x5A);
        var writer = new RtpPacketWriter(buffer);
        writer.WriteHeader(96, 1, 2, 3);
        writer.AddExtension(id, value);
        int length = writer.Finish();

        Assert.True(RtpHeader.TryRead(buffer.AsSpan(0, length), out RtpHeader header));
        Assert.True(RtpExtensionProfile.IsTwoByte(header.ExtensionProfile));
        Assert.True(RtpHeaderExtensions.TryFind(buffer.AsSpan(0, length), header, id, out ReadOnlySpan<byte> found));
        Assert.Equal(value, found.ToArray());
    }

    [Fact]
    public void RoundTripsManyElementsThroughTheReader()
    {
        byte[] buffer = new byte[1500];
        var writer = new RtpPacketWriter(buffer);
        writer.WriteHeader(100, 500, 90000, 0xFEEDFACE, marker: true);
        for (int id = 1; id <= 14; id++)
        {
            writer.AddExtension(id, new byte[id]); // lengths 1..14
        }

        Span<byte> payload = writer.ReservePayload(1200);
        payload.Fill(0x42);
        int length = writer.Finish(paddingLength: 1);
        Assert.NotEqual(0, length);

        ReadOnlySpan<byte> packet = buffer.AsSpan(0, length);
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader header));
        Assert.Equal(0xBEDE, header.ExtensionProfile);
        Assert.Equal(1200, header.PayloadLength);
        Assert.Equal(1, header.PaddingLength);
        int expectedId = 1;
        var elements = RtpHeaderExtensions.Enumerate(packet, header);
        foreach (RtpHeaderExtensionElement element in elements)
        {
            Assert.Equal(expectedId, element.Id);
            Assert.Equal(expectedId, element.Value.Length);
            expectedId++;
        }

        Assert.Equal(15, expectedId);
        Assert.False(elements.Malformed);
        Assert.True(header.GetPayload(packet).IndexOfAnyExcept((byte)0x42) < 0);
    }

    [Fact]
    public void ConversionToTwoByteRoundTripsEveryElement()
    {
        byte[] buffer = new byte[512];
        var writer = new RtpPacketWriter(buffer);
        writer.WriteHeader(96, 1, 2, 3);
        for (int id = 1; id <= 14; id++)
        {
            byte[] value = new byte[1 + (id % 16)];
            Array.Fill(value, (byte)id);
            writer.AddExtension(id, value);
        }

        writer.AddExtension(100, new byte[40]);
        int length = writer.Finish();
        ReadOnlySpan<byte> packet = buffer.AsSpan(0, length);
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader header));
        Assert.True(RtpExtensionProfile.IsTwoByte(header.ExtensionProfile));
        for (int id = 1; id <= 14; id++)
        {
            Assert.True(RtpHeaderExtensions.TryFind(packet, header, id, out ReadOnlySpan<byte> value));
            Assert.Equal(1 + (id % 16), value.Length);
            Assert.True(value.IndexOfAnyExcept((byte)id) < 0);
        }

        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 100, out ReadOnlySpan<byte> last));
        Assert.Equal(40, last.Length);
    }

    [Fact]
    public void FailsCleanlyWhenTheBufferIsTooSmall()
    {
        byte[] small = new byte[20];
        var writer = new RtpPacketWriter(small);
        Assert.True(writer.WriteHeader(96, 1, 2, 3));
        Assert.False(writer.WritePayload(new byte[9]));
        Assert.True(writer.Failed);
        Assert.False(writer.WritePayload([1]));
        Assert.Equal(0, writer.Finish());

        var tooSmallForHeader = new RtpPacketWriter(new byte[11]);
        Assert.False(tooSmallForHeader.WriteHeader(96, 1, 2, 3));
        Assert.Equal(0, tooSmallForHeader.Finish());
    }

    [Fact]
    public void RejectsOutOfOrderCallsAndBadArguments()
    {
        byte[] buffer = new byte[100];
        var noHeader = new RtpPacketWriter(buffer);
        Assert.False(noHeader.AddExtension(1, [1]));

        var afterPayload = new RtpPacketWriter(buffer);
        afterPayload.WriteHeader(96, 1, 2, 3);
        afterPayload.WritePayload([1]);
        Assert.False(afterPayload.AddExtension(1, [1]));

        var badId = new RtpPacketWriter(buffer);
        badId.WriteHeader(96, 1, 2, 3);
        Assert.False(badId.AddExtension(0, [1]));

        var badPayloadType = new RtpPacketWriter(buffer);
        Assert.False(badPayloadType.WriteHeader(128, 1, 2, 3));

        var badPadding = new RtpPacketWriter(buffer);
        badPadding.WriteHeader(96, 1, 2, 3);
        Assert.Equal(0, badPadding.Finish(256));
    }

    [Fact]
    public void HeaderOnlyPacketIsTwelveBytes()
    {
        byte[] buffer = new byte[12];
        var writer = new RtpPacketWriter(buffer);
        writer.WriteHeader(0, 0, 0, 0);
        Assert.Equal(12, writer.Finish());
        Assert.Equal(0x80, buffer[0]);
    }
}
