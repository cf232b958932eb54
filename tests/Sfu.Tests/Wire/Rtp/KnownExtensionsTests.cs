using Sfu.Wire.Rtp;

namespace Sfu.Tests.Wire.Rtp;

public class KnownExtensionsTests
{
    [Theory]
    // RFC 6464 section 3: V in the high bit, then the level in -dBov.
    [InlineData(0x9E, true, 30)]
    [InlineData(0x7F, false, 127)] // silence
    [InlineData(0x80, true, 0)]    // loudest, voice
    public void ReadsAudioLevel(byte value, bool voice, byte level)
    {
        Assert.True(AudioLevelExtension.TryRead([value], out bool v, out byte l));
        Assert.Equal(voice, v);
        Assert.Equal(level, l);

        byte[] written = new byte[1];
        Assert.Equal(1, AudioLevelExtension.Write(written, voice, level));
        Assert.Equal(value, written[0]);
    }

    [Fact]
    public void AudioLevelRejectsEmptyAndClampsLevel()
    {
        Assert.False(AudioLevelExtension.TryRead([], out _, out _));
        byte[] written = new byte[1];
        AudioLevelExtension.Write(written, false, 200);
        Assert.Equal(127, written[0]);
        Assert.Equal(0, AudioLevelExtension.Write([], true, 1));
    }

    [Fact]
    public void ReadsAndWritesTransportSequenceNumber()
    {
        Assert.True(TransportSequenceNumberExtension.TryRead([0xAB, 0xCD], out ushort sequenceNumber));
        Assert.Equal(0xABCD, sequenceNumber);
        Assert.False(TransportSequenceNumberExtension.TryRead([0xAB], out _));
        byte[] written = new byte[2];
        Assert.Equal(2, TransportSequenceNumberExtension.Write(written, 0x1234));
        Assert.Equal(new byte[] { 0x12, 0x34 }, written);
        Assert.Equal(0, TransportSequenceNumberExtension.Write(new byte[1], 1));
    }

    [Fact]
    public void RewritesTransportSequenceNumberInsideAPacket()
    {
        byte[] buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer);
        writer.WriteHeader(96, 1, 2, 3);
        writer.AddExtension(1, [0x9E]);                 // audio level
        writer.AddExtension(3, [0x00, 0x07]);           // transport-wide seq 7
        writer.WritePayload([1, 2, 3]);
        byte[] packet = buffer.AsSpan(0, writer.Finish()).ToArray();
        RtpHeader.TryRead(packet, out RtpHeader header);

        Assert.True(TransportSequenceNumberExtension.TryRewrite(packet, header, 3, 0xBEEF));
        Assert.True(RtpHeaderExtensions.TryFind(packet, header, 3, out ReadOnlySpan<byte> value));
        Assert.True(TransportSequenceNumberExtension.TryRead(value, out ushort rewritten));
        Assert.Equal(0xBEEF, rewritten);
        Assert.False(TransportSequenceNumberExtension.TryRewrite(packet, header, 1, 5)); // 1-byte element
        Assert.False(TransportSequenceNumberExtension.TryRewrite(packet, header, 9, 5)); // absent
    }

    [Fact]
    public void ReadsAndWritesAbsSendTime()
    {
        // 6.18 fixed point: 1.5 s = 0x06_0000.
        Assert.True(AbsSendTimeExtension.TryRead([0x06, 0x00, 0x00], out uint value));
        Assert.Equal(0x060000u, value);
        Assert.Equal(15_000_000, AbsSendTimeExtension.ToTicks(value));
        Assert.False(AbsSendTimeExtension.TryRead([0x06, 0x00], out _));

        byte[] written = new byte[3];
        Assert.Equal(3, AbsSendTimeExtension.Write(written, 0x12345678)); // only the low 24 bits
        Assert.Equal(new byte[] { 0x34, 0x56, 0x78 }, written);
    }

    [Theory]
    [InlineData(0L, 0u)]
    [InlineData(10_000_000L, 0x040000u)]            // 1 s
    [InlineData(5_000_000L, 0x020000u)]             // 0.5 s
    [InlineData(640_000_000L, 0u)]                  // 64 s wraps to 0
    [InlineData(650_000_000L, 0x040000u)]           // 65 s -> 1 s
    [InlineData(-10_000_000L, 0xFC0000u)]           // -1 s -> 63 s
    public void ConvertsTicksToAbsSendTime(long ticks, uint expected)
    {
        Assert.Equal(expected, AbsSendTimeExtension.FromTicks(ticks));
    }

    [Fact]
    public void UrisMatchTheRegisteredStrings()
    {
        Assert.Equal("urn:ietf:params:rtp-hdrext:ssrc-audio-level", RtpExtensionUris.AudioLevel);
        Assert.Equal("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", RtpExtensionUris.TransportWideCc);
        Assert.Equal("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", RtpExtensionUris.AbsSendTime);
        Assert.Equal("urn:ietf:params:rtp-hdrext:sdes:mid", RtpExtensionUris.Mid);
        Assert.Equal("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", RtpExtensionUris.RtpStreamId);
        Assert.Equal("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", RtpExtensionUris.RepairedRtpStreamId);
    }
}
