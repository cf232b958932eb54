using System.Buffers.Binary;
using Sfu.Client;
using Sfu.Engine;
using Sfu.Forwarding;
using Sfu.Negotiation;
using Sfu.Wire.Rtp;

namespace Sfu.IntegrationTests.Client;

/// <summary>The synthetic sources and the receive-side checks, without sockets.</summary>
public sealed class SyntheticMediaTests
{
    private const int FuzzIterations = 100_000;

    [Theory]
    [InlineData(50, 960)]
    [InlineData(100, 480)]
    public void AudioAdvancesTheTimestampBy48kHzSamplesPerPacket(int packetsPerSecond, int samplesPerPacket)
    {
        var source = new SyntheticAudioSource(0x11223344, new SyntheticMediaOptions { AudioPacketsPerSecond = packetsPerSecond, AudioPayloadBytes = 100, AudioLevelDbov = 40 });
        var parameters = new TrackSendParameters(111, "0", midExtensionId: 4, audioLevelExtensionId: 1);
        byte[] buffer = new byte[1500];
        RtpHeader previous = default;
        for (uint i = 0; i < 5; i++)
        {
            int length = source.WriteNext(buffer, parameters);
            Assert.True(RtpHeader.TryRead(buffer.AsSpan(0, length), out RtpHeader header));
            Assert.Equal((111, 0x11223344u, 100), (header.PayloadType, header.Ssrc, header.PayloadLength));
            Assert.True(RtpHeaderExtensions.TryFind(buffer.AsSpan(0, length), header, 1, out ReadOnlySpan<byte> level));
            Assert.Equal(0x80 | 40, level[0]);
            Assert.True(RtpHeaderExtensions.TryFind(buffer.AsSpan(0, length), header, 4, out ReadOnlySpan<byte> mid));
            Assert.Equal("0"u8.ToArray(), mid.ToArray());
            Assert.True(SyntheticPayload.TryRead(header.GetPayload(buffer.AsSpan(0, length)), out uint origin, out uint counter));
            Assert.Equal((0x11223344u, i), (origin, counter));
            if (i > 0)
            {
                Assert.Equal((ushort)(previous.SequenceNumber + 1), header.SequenceNumber);
                Assert.Equal(unchecked(previous.Timestamp + (uint)samplesPerPacket), header.Timestamp);
            }

            previous = header;
        }
    }

    [Fact]
    public void VideoFramesStartWithAKeyframeAndAKeyframeRequestMakesTheNextFrameOne()
    {
        var source = new SyntheticVideoSource(7, new SyntheticMediaOptions { VideoPacketsPerSecond = 90, VideoPacketsPerFrame = 3, VideoPayloadBytes = 1000 });
        var parameters = new TrackSendParameters(96, "1", midExtensionId: 4, audioLevelExtensionId: 0);
        var packets = new List<(RtpHeader Header, bool Keyframe, byte[] Payload)>();
        byte[] buffer = new byte[1500];
        for (int i = 0; i < 9; i++)
        {
            if (i == 4)
            {
                source.RequestKeyframe(); // mid-frame: the frame starting at packet 6 is the keyframe
            }

            int length = source.WriteNext(buffer, parameters);
            Assert.True(RtpHeader.TryRead(buffer.AsSpan(0, length), out RtpHeader header));
            byte[] payload = header.GetPayload(buffer.AsSpan(0, length)).ToArray();
            packets.Add((header, KeyframeDetector.IsKeyframe(VideoCodec.Vp8, payload), payload));
        }

        Assert.Equal([true, false, false, false, false, false, true, false, false], packets.Select(p => p.Keyframe));
        Assert.Equal([false, false, true, false, false, true, false, false, true], packets.Select(p => p.Header.Marker));
        Assert.Equal(2, source.KeyframesWritten);
        // 30 frames per second: 3000 ticks of 90 kHz per frame, the same timestamp within a frame.
        uint first = packets[0].Header.Timestamp;
        Assert.Equal(new uint[] { 0, 0, 0, 3000, 3000, 3000, 6000, 6000, 6000 }, packets.Select(p => unchecked(p.Header.Timestamp - first)));
        for (int i = 0; i < packets.Count; i++)
        {
            Assert.Equal(1000, packets[i].Payload.Length);
            Assert.True(Vp8PayloadHeader.TryRead(packets[i].Payload, out int headerLength, out bool keyframe));
            Assert.Equal(packets[i].Keyframe, keyframe);
            Assert.Equal(i % 3 == 0 ? (keyframe ? 11 : 4) : 1, headerLength);
            Assert.True(SyntheticPayload.TryRead(packets[i].Payload.AsSpan(headerLength), out uint origin, out uint counter));
            Assert.Equal((7u, (uint)i), (origin, counter));
        }
    }

    [Fact]
    public void Vp8HeaderReaderFollowsTheDescriptorExtensions()
    {
        // X=1 with I (two-byte picture id), L and T/K bytes, S=1, PID=0, then a key frame header (RFC 7741 section 4.2).
        byte[] payload = [0x90, 0xF0, 0x80, 0x01, 0x05, 0x20, 0x10, 0x00, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xE0, 0x01, 0xAA];
        Assert.True(KeyframeDetector.IsKeyframe(VideoCodec.Vp8, payload));
        Assert.True(Vp8PayloadHeader.TryRead(payload, out int headerLength, out bool keyframe));
        Assert.True(keyframe);
        Assert.Equal(16, headerLength);
    }

    [Fact]
    public void EveryFlippedByteOfAPayloadIsDetected()
    {
        byte[] payload = new byte[100];
        SyntheticPayload.Write(payload, 0xCAFEBABE, 12345);
        Assert.True(SyntheticPayload.TryRead(payload, out uint origin, out uint counter));
        Assert.Equal((0xCAFEBABEu, 12345u), (origin, counter));
        for (int i = 0; i < payload.Length; i++)
        {
            byte[] damaged = (byte[])payload.Clone();
            damaged[i] ^= 0x04;
            // Either the bytes no longer check out, or they name another packet (which the sequence check catches).
            bool valid = SyntheticPayload.TryRead(damaged, out uint damagedOrigin, out uint damagedCounter);
            Assert.False(valid && damagedOrigin == origin && damagedCounter == counter, $"flip at {i} went unnoticed");
        }

        Assert.False(SyntheticPayload.TryRead(payload.AsSpan(0, 11), out _, out _));
    }

    [Fact]
    public void CounterFindsGapsDuplicatesAndSkippedCountersAcrossTheWrap()
    {
        var counter = new ReceiveStreamCounter(1);
        byte[] payload = new byte[50];
        ushort sequence = 65530;
        void Deliver(ushort seq, uint payloadCounter)
        {
            SyntheticPayload.Write(payload, 99, payloadCounter);
            counter.OnPacket(seq, payload, MediaKind.Audio);
        }

        for (uint i = 0; i < 10; i++)
        {
            if (i != 4)
            {
                Deliver(unchecked((ushort)(sequence + i)), i); // 65530..65535, 0..3 without 65534
            }
        }

        Deliver(unchecked((ushort)(sequence + 2)), 2); // a duplicate
        Deliver(unchecked((ushort)(sequence + 4)), 4); // the late packet fills the gap
        Deliver(unchecked((ushort)(sequence + 10)), 11); // a counter that skipped: not the packet that was sent

        Assert.Equal((12L, 1L, 0L, 1L), (counter.Packets, counter.Duplicates, counter.Lost, counter.PayloadErrors));
        Assert.Equal(99u, counter.OriginSsrc);
        Deliver(unchecked((ushort)(sequence + 13)), 13);
        Assert.Equal(2, counter.Lost);
    }

    [Fact]
    public void CounterStaysExactOverStreamsLongerThanItsDuplicateWindow()
    {
        var counter = new ReceiveStreamCounter(1);
        byte[] payload = new byte[40];
        ushort first = 60000;
        for (uint i = 0; i < 20_000; i++)
        {
            if (i % 1000 != 999)
            {
                SyntheticPayload.Write(payload, 3, i);
                counter.OnPacket(unchecked((ushort)(first + i)), payload, MediaKind.Audio);
            }
        }

        // 20 numbers skipped, the last (19,999) after the highest received: 19 gaps inside the range.
        Assert.Equal((19_980L, 0L, 19L, 0L), (counter.Packets, counter.Duplicates, counter.Lost, counter.PayloadErrors));
        SyntheticPayload.Write(payload, 3, 19_990);
        counter.OnPacket(unchecked((ushort)(first + 19_990)), payload, MediaKind.Audio);
        Assert.Equal(1, counter.Duplicates);
    }

    [Fact]
    public void ReadersNeverThrowOnRandomOrMutatedInput()
    {
        var random = new Random(7741);
        byte[] valid = new byte[120];
        Vp8PayloadHeader.Write(valid, startOfFrame: true, keyframe: true);
        SyntheticPayload.Write(valid.AsSpan(Vp8PayloadHeader.MaxLength), 5, 6);
        byte[] input = new byte[200];
        for (int i = 0; i < FuzzIterations; i++)
        {
            int length;
            if (i % 2 == 0)
            {
                length = random.Next(input.Length + 1);
                random.NextBytes(input.AsSpan(0, length));
            }
            else
            {
                length = random.Next(valid.Length + 1);
                valid.AsSpan(0, length).CopyTo(input);
                for (int flips = random.Next(1, 4); flips > 0 && length > 0; flips--)
                {
                    input[random.Next(length)] ^= (byte)(1 << random.Next(8));
                }
            }

            ReadOnlySpan<byte> data = input.AsSpan(0, length);
            if (Vp8PayloadHeader.TryRead(data, out int headerLength, out _))
            {
                Assert.InRange(headerLength, 1, length);
                SyntheticPayload.TryRead(data[headerLength..], out _, out _);
            }

            SyntheticPayload.TryRead(data, out _, out _);
            if (length >= 2)
            {
                new ReceiveStreamCounter(1).OnPacket(BinaryPrimitives.ReadUInt16BigEndian(data), data, null);
            }
        }
    }
}
