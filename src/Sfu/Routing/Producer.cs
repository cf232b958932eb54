using Sfu.Forwarding;
using Sfu.Streams;
using Sfu.Wire.Rtp;
using Sfu.Negotiation;

namespace Sfu.Routing;

/// <summary>
/// One track a participant publishes (one m= line the server receives on). It keeps the receive state of
/// the publisher's stream (stats for receiver reports, NACK generation, a store for retransmissions to
/// subscribers), classifies each packet once and hands it to its listener (the router), which fans it out.
/// It knows neither its consumers nor its publisher: keyframe requests go out through the handed
/// <see cref="IPublisherFeedbackSender"/>. Owned by the media worker thread.
/// </summary>
public sealed class Producer : IDisposable
{
    private readonly IProducerListener _listener;
    private readonly IPublisherFeedbackSender _feedback;
    private readonly KeyframeRequestThrottle _keyframeThrottle;
    private readonly RetransmissionBuffer? _history;
    private readonly NegotiatedCodec[] _codecs;
    private ReceiveStreamStats? _stats;
    private NackGenerator? _nacks;

    public Producer(
        string publisherId,
        ProducerDescription description,
        IReadOnlyList<NegotiatedCodec> codecs,
        long keyframeIntervalTicks,
        IProducerListener listener,
        IPublisherFeedbackSender feedback)
    {
        PublisherId = publisherId;
        _listener = listener;
        _feedback = feedback;
        (string mid, MediaKind kind, string streamId, string trackId, ProducerExtensions extensions) = description;
        Mid = mid;
        Kind = kind;
        StreamId = streamId;
        TrackId = trackId;
        _codecs = [.. codecs];
        Extensions = extensions;
        ClockRate = _codecs.Length > 0 ? _codecs[0].ClockRate : (kind == MediaKind.Audio ? 48000 : 90000);
        _keyframeThrottle = new KeyframeRequestThrottle(keyframeIntervalTicks);
        if (kind == MediaKind.Video)
        {
            _history = new RetransmissionBuffer();
        }
    }

    /// <summary>The participant that publishes this track (an id, not the participant: a producer does not call its publisher).</summary>
    public string PublisherId { get; }

    public string Mid { get; }

    public MediaKind Kind { get; }

    public string StreamId { get; }

    public string TrackId { get; }

    public int ClockRate { get; }

    public IReadOnlyList<NegotiatedCodec> Codecs => _codecs;

    public ProducerExtensions Extensions { get; }

    /// <summary>The SSRC media currently arrives on (learned from SDP or from the MID header extension).</summary>
    public uint Ssrc { get; private set; }

    public uint RtxSsrc { get; private set; }

    public bool Muted { get; set; }

    public ReceiveStreamStats? Stats => _stats;

    public bool NacksEnabled { get; private set; }

    public long PacketsReceived { get; private set; }

    /// <summary>
    /// Sets (or changes) the publisher's SSRCs; a change resets the receive state, the forwarders see a source switch.
    /// It also resets the keyframe throttle: a request sent under the old SSRC asked a stream that is gone, and every
    /// forwarder now waits for a keyframe of the new one, so the first request to the new SSRC must go out at once.
    /// </summary>
    public void SetSsrc(uint ssrc, uint rtxSsrc)
    {
        if (ssrc == Ssrc && _stats is not null)
        {
            RtxSsrc = rtxSsrc;
            return;
        }

        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        _stats = new ReceiveStreamStats(ssrc, ClockRate);
        NacksEnabled = Kind == MediaKind.Video && _codecs.Length > 0 && _codecs[0].HasFeedback("nack");
        _nacks = NacksEnabled ? new NackGenerator() : null;
        _history?.Clear();
        _keyframeThrottle.Reset();
    }

    /// <summary>A decrypted packet from the publisher on <see cref="Ssrc"/>: account for it, classify it and hand it to the listener.</summary>
    public void OnRtp(ReadOnlySpan<byte> packet, in RtpHeader header, long nowTicks)
    {
        PacketsReceived++;
        _stats?.OnPacket(header.SequenceNumber, header.Timestamp, nowTicks);
        if (_nacks is not null && _nacks.OnPacket(header.SequenceNumber, nowTicks) == NackOutcome.Resynchronized)
        {
            RequestKeyframe(nowTicks);
        }

        _history?.Store(header.SequenceNumber, packet, nowTicks);

        NegotiatedCodec? codec = FindCodec(header.PayloadType);
        if (codec is null)
        {
            Diagnostics.SfuMetrics.CountDrop(Diagnostics.DropReason.UnknownPayloadType);
            return;
        }

        ReadOnlySpan<byte> payload = header.GetPayload(packet);
        int audioLevel = -1;
        if (Kind == MediaKind.Audio && Extensions.AudioLevelId > 0
            && RtpHeaderExtensions.TryFind(packet, header, Extensions.AudioLevelId, out ReadOnlySpan<byte> levelValue)
            && AudioLevelExtension.TryRead(levelValue, out bool voice, out byte level))
        {
            audioLevel = (voice ? 0x80 : 0) | level;
            _listener.OnAudioLevel(this, level, voice);
        }

        if (Muted)
        {
            return; // speech detection goes on while muted; nothing is forwarded
        }

        bool keyframe = Kind == MediaKind.Video && KeyframeDetector.IsKeyframe(VideoCodecOf(codec), payload);
        var info = new IncomingPacketInfo(header.Ssrc, header.SequenceNumber, header.Timestamp, header.Marker, keyframe, payload.Length, ClockRate);
        _listener.OnProducerRtp(this, payload, header, codec, info, audioLevel, nowTicks);
    }

    /// <summary>A retransmission a subscriber asked for: the stored packet by the publisher's sequence number.</summary>
    public bool TryGetStored(ushort sequenceNumber, long nowTicks, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        return _history is not null && _history.TryGet(sequenceNumber, nowTicks, out packet);
    }

    /// <summary>
    /// Asks the publisher for a keyframe (PLI), at most once per interval however many subscribers ask. While the
    /// publisher's transport is not connected the PLI could not be sent, so the request does not use up the interval.
    /// </summary>
    public void RequestKeyframe(long nowTicks)
    {
        if (Kind == MediaKind.Video && Ssrc != 0 && _feedback.CanSendFeedback && _keyframeThrottle.TryRequest(nowTicks))
        {
            _feedback.SendPictureLossIndication(Ssrc);
        }
    }

    /// <summary>Sequence numbers to NACK now (video with nack feedback only).</summary>
    public int CollectNacks(long nowTicks, Span<ushort> destination) => _nacks?.CollectNacks(nowTicks, destination) ?? 0;

    public NegotiatedCodec? FindCodec(int payloadType)
    {
        foreach (NegotiatedCodec codec in _codecs)
        {
            if (codec.PayloadType == payloadType)
            {
                return codec;
            }
        }

        return null;
    }

    /// <summary>The codec an RTX payload type repairs (RFC 4588 apt=).</summary>
    public NegotiatedCodec? FindCodecByRtx(int rtxPayloadType)
    {
        foreach (NegotiatedCodec codec in _codecs)
        {
            if (codec.RtxPayloadType == rtxPayloadType)
            {
                return codec;
            }
        }

        return null;
    }

    internal static VideoCodec VideoCodecOf(NegotiatedCodec codec) =>
        codec.IsNamed("VP8") ? VideoCodec.Vp8 : codec.IsNamed("H264") ? VideoCodec.H264 : codec.IsNamed("VP9") ? VideoCodec.Vp9 : VideoCodec.Unknown;

    public void Dispose() => _history?.Dispose();
}

/// <summary>Header extension ids the publisher negotiated (0 = not negotiated).</summary>
public readonly record struct ProducerExtensions(int MidId, int AudioLevelId);

/// <summary>What a publisher's m= line says about the track a producer receives.</summary>
public readonly record struct ProducerDescription(string Mid, MediaKind Kind, string StreamId, string TrackId, ProducerExtensions Extensions);
