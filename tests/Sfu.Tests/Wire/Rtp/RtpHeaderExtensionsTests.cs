using Sfu.Wire.Rtp;

namespace Sfu.Tests.Wire.Rtp;

public class RtpHeaderExtensionsTests
{
    [Fact]
    public void EnumeratesOneByteElementsSkippingPadding()
    {
        byte[] packet = RtpTestPackets.Full();
        RtpHeader.TryRead(packet, out RtpHeader header);
        var ids = new List<int>();
        var values = new List<byte[]>();
        var offsets = new List<int>();
        var elements = RtpHeaderExtensions.Enumerate(packet, header);
        foreach (RtpHeaderExtensionElement element in elements)
        {
            ids.Add(element.Id);
            values.Add(element.Value.ToArray());
            offsets.Add(element.IdOffset);
        }

        Assert.Equal([1, 2], ids);
        Assert.Equal(new byte[] { 0xAB }, values[0]);
        Assert.Equal(new byte[] { 0x01, 0x02 }, values[1]);
        Assert.Equal([24, 27], offsets);
        Assert.False(elements.Malformed);
    }

    [Fact]
    public void EnumeratesTwoByteElementsIncludingEmptyOnes()
    {
        byte[] packet = RtpTestPackets.TwoByteExtension();
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader header));
        var elements = RtpHeaderExtensions.Enumerate(packet, header);
        Assert.True(elements.MoveNext());
        Assert.Equal(5, elements.Current.Id);
        Assert.True(elements.Current.Value.IsEmpty);
        Assert.True(elements.MoveNext());
        Assert.Equal(32, elements.Current.Id);
        Assert.Equal("abc"u8.ToArray(), elements.Current.Value.ToArray());
        Assert.Equal(21, elements.Current.ValueOffset);
        Assert.False(elements.MoveNext());
        Assert.False(elements.Malformed);
    }

    [Fact]
    public void FindsByIdInBothForms()
    {
        byte[] oneByte = RtpTestPackets.Full();
        RtpHeader.TryRead(oneByte, out RtpHeader h1);
        Assert.True(RtpHeaderExtensions.TryFind(oneByte, h1, 2, out ReadOnlySpan<byte> value));
        Assert.Equal(new byte[] { 1, 2 }, value.ToArray());
        Assert.False(RtpHeaderExtensions.TryFind(oneByte, h1, 3, out _));

        byte[] twoByte = RtpTestPackets.TwoByteExtension();
        RtpHeader.TryRead(twoByte, out RtpHeader h2);
        Assert.True(RtpHeaderExtensions.TryFind(twoByte, h2, 32, out value));
        Assert.Equal("abc"u8.ToArray(), value.ToArray());
        Assert.True(RtpHeaderExtensions.TryFind(twoByte, h2, 5, out value));
        Assert.True(value.IsEmpty);
    }

    [Fact]
    public void OneByteIdFifteenStopsParsingWithoutError()
    {
        // RFC 8285 section 4.2: id 15 is reserved; processing stops there.
        byte[] packet =
        [
            0x90, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1,
            0xBE, 0xDE, 0x00, 0x01,
            0x10, 0x01,   // id 1, 1 byte
            0xF0,         // id 15: stop
            0x20,         // would be id 2 with 1 byte, never read
        ];
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader header));
        var elements = RtpHeaderExtensions.Enumerate(packet, header);
        int count = 0;
        foreach (RtpHeaderExtensionElement element in elements)
        {
            count++;
        }

        Assert.Equal(1, count);
        Assert.False(elements.Malformed);
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 2, out _));
    }

    [Theory]
    // Element length runs past the block: id 1, L=3 (4 bytes) with 3 bytes left.
    [InlineData(new byte[] { 0x13, 0xAA, 0xBB, 0xCC })]
    // Id 0 with a non-zero length is not padding.
    [InlineData(new byte[] { 0x10, 0xAA, 0x05, 0x00 })]
    public void ReportsMalformedOneByteBlockAfterForeach(byte[] body)
    {
        byte[] packet = [0x90, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xBE, 0xDE, 0x00, 0x01, .. body];
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader header));
        var elements = RtpHeaderExtensions.Enumerate(packet, header);
        foreach (RtpHeaderExtensionElement element in elements)
        {
            Assert.Equal(1, element.Id);
        }

        Assert.True(elements.Malformed);
    }

    [Fact]
    public void ReportsMalformedTwoByteBlock()
    {
        // id 7, length 9 with only 2 bytes after it.
        byte[] packet = [0x90, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x10, 0x00, 0x00, 0x01, 0x07, 0x09, 0xAA, 0xBB];
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader header));
        var elements = RtpHeaderExtensions.Enumerate(packet, header);
        Assert.False(elements.MoveNext());
        Assert.True(elements.Malformed);
    }

    [Fact]
    public void IgnoresNonRfc8285Profiles()
    {
        byte[] packet = [0x90, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x12, 0x34, 0x00, 0x01, 0x10, 0xAA, 0, 0];
        Assert.True(RtpHeader.TryRead(packet, out RtpHeader header));
        var elements = RtpHeaderExtensions.Enumerate(packet, header);
        Assert.False(elements.MoveNext());
        Assert.False(elements.Malformed);
        Assert.False(RtpHeaderExtensions.TryFind(packet, header, 1, out _));
        Assert.False(RtpHeaderExtensions.TryRemap(packet, header, [0, 2]));
    }

    [Fact]
    public void TryFindWritableChangesTheValueInPlace()
    {
        byte[] packet = RtpTestPackets.Full();
        RtpHeader.TryRead(packet, out RtpHeader header);
        Assert.True(RtpHeaderExtensions.TryFindWritable(packet, header, 2, out Span<byte> value));
        value[0] = 0x77;
        Assert.Equal(0x77, packet[28]);
    }

    [Fact]
    public void RemapsOneByteIdsInPlaceKeepingLengths()
    {
        byte[] packet = RtpTestPackets.Full();
        RtpHeader.TryRead(packet, out RtpHeader header);
        byte[] map = [0, 9, 0]; // 1 -> 9, 2 unmapped (left as is)
        Assert.True(RtpHeaderExtensions.TryRemap(packet, header, map));
        Assert.Equal(0x90, packet[24]); // id 9, L=0
        Assert.Equal(0x21, packet[27]); // untouched
        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 9, out ReadOnlySpan<byte> value));
        Assert.Equal(0xAB, value[0]);
    }

    [Fact]
    public void RemapFailsWithoutChangesWhenATargetIdDoesNotFitTheForm()
    {
        byte[] packet = RtpTestPackets.Full();
        byte[] original = (byte[])packet.Clone();
        RtpHeader.TryRead(packet, out RtpHeader header);
        byte[] map = [0, 3, 15]; // 1 -> 3 fine, 2 -> 15 impossible in the one-byte form
        Assert.False(RtpHeaderExtensions.TryRemap(packet, header, map));
        Assert.Equal(original, packet);
    }

    [Fact]
    public void RemapsTwoByteIds()
    {
        byte[] packet = RtpTestPackets.TwoByteExtension();
        RtpHeader.TryRead(packet, out RtpHeader header);
        byte[] map = new byte[256];
        map[5] = 200;
        map[32] = 1;
        Assert.True(RtpHeaderExtensions.TryRemap(packet, header, map));
        Assert.Equal(200, packet[16]);
        Assert.Equal(1, packet[19]);
    }

    [Fact]
    public void RemapOfPacketWithoutExtensionIsANoOp()
    {
        byte[] packet = RtpTestPackets.Minimal();
        RtpHeader.TryRead(packet, out RtpHeader header);
        Assert.True(RtpHeaderExtensions.TryRemap(packet, header, [0, 2]));
        Assert.Equal(RtpTestPackets.Minimal(), packet);
    }

    [Fact]
    public void RewritesASingleId()
    {
        byte[] packet = RtpTestPackets.Full();
        RtpHeader.TryRead(packet, out RtpHeader header);
        Assert.True(RtpHeaderExtensions.TryRewriteId(packet, header, 2, 14));
        Assert.Equal(0xE1, packet[27]);
        Assert.False(RtpHeaderExtensions.TryRewriteId(packet, header, 2, 3)); // no longer present
        Assert.False(RtpHeaderExtensions.TryRewriteId(packet, header, 1, 15)); // reserved in one-byte form
        Assert.False(RtpHeaderExtensions.TryRewriteId(packet, header, 1, 0));
    }
}
