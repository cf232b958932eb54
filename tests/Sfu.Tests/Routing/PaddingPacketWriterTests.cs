using Sfu.Routing;
using Sfu.Wire.Rtp;

namespace Sfu.Tests.Routing;

/// <summary>
/// Padding-only probe packets (RFC 3550 section 5.1) and the transport-wide sequence number element the server's
/// packets reserve (RFC 8285 section 4.2), read back with the project's own RTP reader.
/// </summary>
public class PaddingPacketWriterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(255)]
    public void A_padding_only_packet_has_no_payload_and_counts_its_padding_in_the_last_octet(int padding)
    {
        byte[] buffer = new byte[1500];
        int length = PaddingPacketWriter.Write(buffer, 97, 0xFFFF, 1234, 0xCAFEBABE, 3, padding);
        Assert.Equal(RtpHeader.FixedLength + 8 + padding, length);
        Assert.True(RtpHeader.TryRead(buffer.AsSpan(0, length), out RtpHeader header));
        Assert.Equal((97, (ushort)0xFFFF, 1234u, 0xCAFEBABEu), (header.PayloadType, header.SequenceNumber, header.Timestamp, header.Ssrc));
        Assert.Equal(0, header.PayloadLength);
        Assert.Equal(padding, header.PaddingLength);
        Assert.True(RtpHeaderExtensions.TryFind(buffer.AsSpan(0, length), header, 3, out ReadOnlySpan<byte> value));
        Assert.Equal(TransportSequenceNumberExtension.Length, value.Length);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(256, 3)]
    [InlineData(10, 0)]
    [InlineData(10, 15)]
    public void Out_of_range_padding_or_extension_ids_write_nothing(int padding, int id) =>
        Assert.Equal(0, PaddingPacketWriter.Write(new byte[1500], 97, 1, 1, 1, id, padding));

    [Fact]
    public void A_buffer_too_small_writes_nothing() =>
        Assert.Equal(0, PaddingPacketWriter.Write(new byte[40], 97, 1, 1, 1, 3, 100));

    [Fact]
    public void Forwarded_packets_reserve_a_transport_wide_sequence_element_beside_mid_and_audio_level()
    {
        byte[] buffer = new byte[1500];
        var extensions = new SubscriberExtensions(4, "1"u8.ToArray(), 1, 3);
        int length = ForwardedPacketWriter.Write(buffer, [1, 2, 3], true, 111, 7, 8, 9, extensions, 0x55);
        Assert.True(RtpHeader.TryRead(buffer.AsSpan(0, length), out RtpHeader header));
        Assert.Equal([1, 2, 3], header.GetPayload(buffer.AsSpan(0, length)).ToArray());
        Assert.True(RtpHeaderExtensions.TryFind(buffer.AsSpan(0, length), header, 4, out ReadOnlySpan<byte> mid));
        Assert.Equal("1"u8.ToArray(), mid.ToArray());
        Assert.True(RtpHeaderExtensions.TryFind(buffer.AsSpan(0, length), header, 1, out ReadOnlySpan<byte> level));
        Assert.Equal([0x55], level.ToArray());
        Assert.True(RtpHeaderExtensions.TryFind(buffer.AsSpan(0, length), header, 3, out ReadOnlySpan<byte> sequence));
        Assert.Equal([0, 0], sequence.ToArray());
    }
}
