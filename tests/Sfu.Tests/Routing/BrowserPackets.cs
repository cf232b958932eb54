using System.Text;
using Sfu.Wire.Rtcp;
using Sfu.Wire.Rtp;

namespace Sfu.Tests.Routing;

/// <summary>What a publishing browser sends, as plain RTP/RTCP, with the payload types and extension ids of <see cref="RoutingHarness.ChromeOffer"/>.</summary>
internal static class BrowserPackets
{
    public const byte Vp8PayloadType = 96;
    public const byte Vp8RtxPayloadType = 97;
    public const byte OpusPayloadType = 111;
    public const int AudioLevelId = 1;
    public const int MidId = 4;
    public const int TransportCcId = 3;
    public const int RtpStreamIdId = 10;
    public const int RepairedRtpStreamIdId = 11;
    public const int VideoPayloadLength = 120;
    public const int AudioPayloadLength = 40;

    /// <summary>A VP8 packet that starts a frame (RFC 7741): a keyframe carries the 9d 01 2a start code, a delta frame sets P.</summary>
    public static byte[] Vp8(
        uint ssrc, ushort sequence, uint timestamp, bool keyframe, string? mid = null, int payloadLength = VideoPayloadLength, ushort? transportSequence = null)
    {
        byte[] payload = new byte[payloadLength];
        payload[0] = 0x10; // S=1, partition 0
        payload[1] = keyframe ? (byte)0x00 : (byte)0x01;
        payload[4] = 0x9d;
        payload[5] = 0x01;
        payload[6] = 0x2a;
        for (int i = 7; i < payload.Length; i++)
        {
            payload[i] = (byte)(sequence + i);
        }

        return Rtp(Vp8PayloadType, ssrc, sequence, timestamp, marker: true, payload, mid, audioLevel: null, transportSequence);
    }

    /// <summary>
    /// A VP8 packet whose payload descriptor (RFC 7741 section 4.2) carries a 15-bit PictureID and a TL0PICIDX, as Chrome
    /// and Firefox send simulcast layers: X=1, S=1, I=1 (M=1), L=1, then the VP8 frame tag.
    /// </summary>
    public static byte[] Vp8WithPictureId(uint ssrc, ushort sequence, uint timestamp, bool keyframe, string mid, int pictureId, int tl0PicIdx, int payloadLength = VideoPayloadLength)
    {
        byte[] payload = new byte[payloadLength];
        payload[0] = 0x90;
        payload[1] = 0xC0;
        payload[2] = (byte)(0x80 | ((pictureId >> 8) & 0x7F));
        payload[3] = (byte)pictureId;
        payload[4] = (byte)tl0PicIdx;
        payload[5] = keyframe ? (byte)0x00 : (byte)0x01;
        payload[8] = 0x9d;
        payload[9] = 0x01;
        payload[10] = 0x2a;
        for (int i = 11; i < payload.Length; i++)
        {
            payload[i] = (byte)(sequence + i);
        }

        return Rtp(Vp8PayloadType, ssrc, sequence, timestamp, marker: true, payload, mid, audioLevel: null);
    }

    /// <summary>
    /// A VP8 packet of one RID simulcast layer, as Chrome sends them before the server acknowledged the SSRC: the MID and
    /// the RtpStreamId (RFC 8852) header extensions, with the ids of <see cref="Wire.Sdp.SampleOffers.ChromeSimulcast"/>.
    /// </summary>
    public static byte[] Vp8WithRid(uint ssrc, ushort sequence, uint timestamp, bool keyframe, string mid, string rid, int payloadLength = VideoPayloadLength)
    {
        byte[] plain = Vp8(ssrc, sequence, timestamp, keyframe, payloadLength: payloadLength);
        Assert.True(RtpHeader.TryRead(plain, out RtpHeader header));
        return Rtp(Vp8PayloadType, ssrc, sequence, timestamp, marker: true, header.GetPayload(plain).ToArray(), mid, audioLevel: null, extraExtension: (RtpStreamIdId, rid));
    }

    /// <summary>The RTX of a RID layer's packet with the RepairedRtpStreamId extension naming the layer it repairs.</summary>
    public static byte[] RtxWithRepairedRid(byte[] original, uint rtxSsrc, ushort rtxSequence, string mid, string rid)
    {
        Assert.True(RtpHeader.TryRead(original, out RtpHeader header));
        byte[] payload = new byte[header.PayloadLength + 2];
        payload[0] = (byte)(header.SequenceNumber >> 8);
        payload[1] = (byte)header.SequenceNumber;
        header.GetPayload(original).CopyTo(payload.AsSpan(2));
        return Rtp(Vp8RtxPayloadType, rtxSsrc, rtxSequence, header.Timestamp, header.Marker, payload, mid, audioLevel: null, extraExtension: (RepairedRtpStreamIdId, rid));
    }

    /// <summary>An H.264 single NAL unit packet (RFC 6184 section 5.6): an IDR slice (type 5) or a non-IDR slice (type 1).</summary>
    public static byte[] H264(byte payloadType, uint ssrc, ushort sequence, uint timestamp, bool keyframe)
    {
        byte[] payload = new byte[VideoPayloadLength];
        payload[0] = keyframe ? (byte)0x65 : (byte)0x41;
        for (int i = 1; i < payload.Length; i++)
        {
            payload[i] = (byte)(sequence + i);
        }

        return Rtp(payloadType, ssrc, sequence, timestamp, marker: true, payload, mid: null, audioLevel: null);
    }

    /// <summary>An Opus packet, optionally with an RFC 6464 audio level (voice activity set) and a MID extension.</summary>
    public static byte[] Opus(
        uint ssrc, ushort sequence, uint timestamp, byte? audioLevel = null, string? mid = null, int payloadLength = AudioPayloadLength, ushort? transportSequence = null)
    {
        byte[] payload = new byte[payloadLength];
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)(sequence ^ i);
        }

        return Rtp(OpusPayloadType, ssrc, sequence, timestamp, marker: false, payload, mid, audioLevel, transportSequence);
    }

    /// <summary>The RFC 4588 retransmission of <paramref name="original"/> (payload type 97 repairs VP8's 96).</summary>
    public static byte[] Rtx(byte[] original, uint rtxSsrc, ushort rtxSequence)
    {
        Assert.True(RtpHeader.TryRead(original, out RtpHeader header));
        byte[] buffer = new byte[RtxPacket.GetLength(header)];
        Assert.Equal(buffer.Length, RtxPacket.Write(buffer, original, header, Vp8RtxPayloadType, rtxSequence, rtxSsrc));
        return buffer;
    }

    /// <summary>
    /// A padding-only packet (RFC 3550 section 5.1), as Chrome sends to probe bandwidth: no payload, 255 bytes of padding
    /// whose last byte counts them, optionally with the transport-wide sequence number extension (id 3) probes carry.
    /// </summary>
    public static byte[] PaddingProbe(byte payloadType, uint ssrc, ushort sequence, uint timestamp, bool withExtension)
    {
        byte[] buffer = new byte[1500];
        var writer = new RtpPacketWriter(buffer);
        writer.WriteHeader(payloadType, sequence, timestamp, ssrc);
        if (withExtension)
        {
            writer.AddExtension(TransportCcId, new byte[] { (byte)(sequence >> 8), (byte)sequence });
        }

        int length = writer.Finish(paddingLength: 255);
        Assert.True(length > 0);
        return buffer[..length];
    }

    public static byte[] Pli(uint senderSsrc, uint mediaSsrc)
    {
        byte[] buffer = new byte[PictureLossIndication.Length];
        Assert.Equal(buffer.Length, PictureLossIndication.Write(buffer, senderSsrc, mediaSsrc));
        return buffer;
    }

    public static byte[] Fir(uint senderSsrc, uint mediaSsrc, byte sequenceNumber)
    {
        byte[] buffer = new byte[FullIntraRequest.GetLength(1)];
        Assert.Equal(buffer.Length, FullIntraRequest.Write(buffer, senderSsrc, mediaSsrc, sequenceNumber));
        return buffer;
    }

    public static byte[] SenderReport(uint ssrc, ulong ntpTimestamp, uint rtpTimestamp, uint packetCount, uint octetCount)
    {
        byte[] buffer = new byte[Sfu.Wire.Rtcp.SenderReport.GetLength(0)];
        Assert.Equal(buffer.Length, Sfu.Wire.Rtcp.SenderReport.Write(buffer, ssrc, ntpTimestamp, rtpTimestamp, packetCount, octetCount));
        return buffer;
    }

    private static byte[] Rtp(
        byte payloadType, uint ssrc, ushort sequence, uint timestamp, bool marker, byte[] payload, string? mid, byte? audioLevel, ushort? transportSequence = null,
        (int Id, string Value)? extraExtension = null)
    {
        byte[] buffer = new byte[1500];
        var writer = new RtpPacketWriter(buffer);
        writer.WriteHeader(payloadType, sequence, timestamp, ssrc, marker);
        if (audioLevel is { } level)
        {
            byte[] value = new byte[AudioLevelExtension.Length];
            AudioLevelExtension.Write(value, voiceActivity: true, level);
            writer.AddExtension(AudioLevelId, value);
        }

        if (mid is not null)
        {
            writer.AddExtension(MidId, Encoding.ASCII.GetBytes(mid));
        }

        if (transportSequence is { } transport)
        {
            writer.AddExtension(TransportCcId, new byte[] { (byte)(transport >> 8), (byte)transport });
        }

        if (extraExtension is { } extra)
        {
            writer.AddExtension(extra.Id, Encoding.ASCII.GetBytes(extra.Value));
        }

        writer.WritePayload(payload);
        int length = writer.Finish();
        Assert.True(length > 0);
        return buffer[..length];
    }
}
