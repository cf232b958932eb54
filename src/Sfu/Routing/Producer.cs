using Sfu.Forwarding;
using Sfu.Streams;
using Sfu.Wire.Rtp;
using Sfu.Negotiation;

namespace Sfu.Routing;

/// <summary>
/// One track a participant publishes (one m= line the server receives on), with its encodings: one, or the simulcast
/// layers (<see cref="ProducerLayer"/>, each with the receive state of its stream: stats for receiver reports, NACK
/// generation, a store for retransmissions to subscribers, its bit rate). It classifies each packet once and hands it
/// with its layer to its listener (the router), which fans it out.
/// It knows neither its consumers nor its publisher: keyframe requests go out through the handed
/// <see cref="IPublisherFeedbackSender"/>. Owned by the media worker thread.
/// </summary>
public sealed class Producer : IDisposable
{
    /// <summary>More encodings than this are not forwarded (browsers send at most three; RFC 8853 allows more).</summary>
    public const int MaxLayers = 4;

    private readonly IProducerListener _listener;
    private readonly IPublisherFeedbackSender _feedback;
    private readonly NegotiatedCodec[] _codecs;
    private readonly ProducerLayer[] _layers;

    // Layer indexes from lowest to highest quality; see UpdateLayerOrder.
    private readonly int[] _qualityOrder;

    public Producer(
        string publisherId,
        ProducerDescription description,
        IReadOnlyList<NegotiatedCodec> codecs,
        long keyframeIntervalTicks,
        IProducerListener listener,
        IPublisherFeedbackSender feedback,
        IReadOnlyList<string?>? layerRids = null)
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
        NacksEnabled = Kind == MediaKind.Video && _codecs.Length > 0 && _codecs[0].HasFeedback("nack");
        int layerCount = kind == MediaKind.Video && layerRids is { Count: > 1 } ? Math.Min(layerRids.Count, MaxLayers) : 1;
        _layers = new ProducerLayer[layerCount];
        _qualityOrder = new int[layerCount];
        for (int i = 0; i < layerCount; i++)
        {
            string? rid = layerRids is { Count: > 0 } ? layerRids[i] : null;
            _layers[i] = new ProducerLayer(i, rid, ClockRate, kind == MediaKind.Video, NacksEnabled, keyframeIntervalTicks);
            _qualityOrder[i] = i;
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

    /// <summary>The encodings of this track: one, or the simulcast layers in the order the offer listed them.</summary>
    public IReadOnlyList<ProducerLayer> Layers => _layers;

    public bool IsSimulcast => _layers.Length > 1;

    /// <summary>The SSRC media of the first (or only) encoding arrives on (learned from SDP or from the MID header extension).</summary>
    public uint Ssrc => _layers[0].Ssrc;

    public uint RtxSsrc => _layers[0].RtxSsrc;

    public bool Muted { get; set; }

    /// <summary>Receive statistics of the first (or only) encoding.</summary>
    public ReceiveStreamStats? Stats => _layers[0].Stats;

    public bool NacksEnabled { get; }

    public long PacketsReceived { get; private set; }

    /// <summary>Whether layer <paramref name="layer"/> can be forwarded now (see <see cref="ProducerLayer.IsAvailable"/>).</summary>
    public bool IsLayerAvailable(int layer, long nowTicks) => _layers[layer].IsAvailable(nowTicks);

    /// <summary>Sets (or changes) the SSRCs of the first (or only) encoding; see <see cref="ProducerLayer.SetSsrc"/>.</summary>
    public void SetSsrc(uint ssrc, uint rtxSsrc) => _layers[0].SetSsrc(ssrc, rtxSsrc);

    /// <summary>Sets (or changes) the SSRCs of one encoding.</summary>
    public void SetLayerSsrc(int layer, uint ssrc, uint rtxSsrc) => _layers[layer].SetSsrc(ssrc, rtxSsrc);

    /// <summary>The layer index at quality rank <paramref name="rank"/> (0 = lowest).</summary>
    public int LayerAtQuality(int rank) => _qualityOrder[rank];

    /// <summary>The quality rank (0 = lowest) of layer index <paramref name="layer"/>.</summary>
    public int QualityRankOf(int layer)
    {
        for (int rank = 0; rank < _qualityOrder.Length; rank++)
        {
            if (_qualityOrder[rank] == layer)
            {
                return rank;
            }
        }

        return -1;
    }

    /// <summary>
    /// Orders the layers by what they measured to cost, low to high, once every layer has been seen: browsers name and
    /// list their layers differently (Chrome "q,h,f" low to high, Firefox often high to low), and the bit rate is what
    /// tells them apart. Until then the offer's order stands (Chrome's, low to high). No allocation: an insertion sort.
    /// </summary>
    public void UpdateLayerOrder()
    {
        for (int i = 0; i < _layers.Length; i++)
        {
            if (_layers[i].Bitrate.LastKnownBitsPerSecond <= 0)
            {
                return;
            }
        }

        for (int i = 1; i < _qualityOrder.Length; i++)
        {
            int layer = _qualityOrder[i];
            long rate = _layers[layer].Bitrate.LastKnownBitsPerSecond;
            int j = i - 1;
            while (j >= 0 && _layers[_qualityOrder[j]].Bitrate.LastKnownBitsPerSecond > rate)
            {
                _qualityOrder[j + 1] = _qualityOrder[j];
                j--;
            }

            _qualityOrder[j + 1] = layer;
        }
    }

    /// <summary>A decrypted packet from the publisher on the SSRC of <paramref name="layer"/>: account for it, classify it and hand it to the listener.</summary>
    public void OnRtp(ReadOnlySpan<byte> packet, in RtpHeader header, long nowTicks) => OnRtp(packet, header, 0, nowTicks);

    /// <inheritdoc cref="OnRtp(ReadOnlySpan{byte}, in RtpHeader, long)"/>
    /// <param name="retransmission">The packet came on the layer's RTX SSRC (unwrapped): a repair, or Chrome's
    /// redundant-payload padding, which re-sends old packets to probe; either way not what the layer costs.</param>
    public void OnRtp(ReadOnlySpan<byte> packet, in RtpHeader header, int layer, long nowTicks, bool retransmission = false)
    {
        PacketsReceived++;
        ProducerLayer encoding = _layers[layer];
        if (!encoding.TryMarkReceived(header.SequenceNumber))
        {
            Diagnostics.SfuMetrics.CountDrop(Diagnostics.DropReason.Duplicate);
            return;
        }

        bool media = !retransmission && header.PayloadLength > 0;
        if (encoding.OnPacket(packet, header.SequenceNumber, header.Timestamp, nowTicks, countsTowardRate: media))
        {
            RequestKeyframe(layer, nowTicks);
        }

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

        VideoCodec videoCodec = Kind == MediaKind.Video ? VideoCodecOf(codec) : VideoCodec.Unknown;
        bool keyframe = videoCodec != VideoCodec.Unknown && KeyframeDetector.IsKeyframe(videoCodec, payload);
        if (keyframe)
        {
            encoding.OnKeyframe(nowTicks);
        }

        var info = new IncomingPacketInfo(header.Ssrc, header.SequenceNumber, header.Timestamp, header.Marker, keyframe, payload.Length, ClockRate, layer, videoCodec);
        _listener.OnProducerRtp(this, payload, header, codec, info, audioLevel, nowTicks);
    }

    /// <summary>A retransmission a subscriber asked for: the stored packet of a layer by the publisher's sequence number.</summary>
    public bool TryGetStored(int layer, ushort sequenceNumber, long nowTicks, out ReadOnlySpan<byte> packet) =>
        _layers[layer].TryGetStored(sequenceNumber, nowTicks, out packet);

    /// <summary>Asks for a keyframe of every encoding (a track that resumes: whichever layer its subscribers take).</summary>
    public void RequestKeyframe(long nowTicks)
    {
        for (int i = 0; i < _layers.Length; i++)
        {
            RequestKeyframe(i, nowTicks);
        }
    }

    /// <summary>
    /// Asks the publisher for a keyframe (PLI) of one layer, at most once per interval however many subscribers ask. While the
    /// publisher's transport is not connected the PLI could not be sent, so the request does not use up the interval.
    /// </summary>
    public void RequestKeyframe(int layer, long nowTicks)
    {
        ProducerLayer encoding = _layers[layer];
        if (Kind == MediaKind.Video && encoding.Ssrc != 0 && _feedback.CanSendFeedback && encoding.KeyframeThrottle.TryRequest(nowTicks))
        {
            _feedback.SendPictureLossIndication(encoding.Ssrc);
        }
    }

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

    public void Dispose()
    {
        foreach (ProducerLayer layer in _layers)
        {
            layer.Dispose();
        }
    }
}

/// <summary>Header extension ids the publisher negotiated (0 = not negotiated); the last two name simulcast layers (RFC 8852).</summary>
public readonly record struct ProducerExtensions(int MidId, int AudioLevelId, int RtpStreamIdId = 0, int RepairedRtpStreamIdId = 0);

/// <summary>What a publisher's m= line says about the track a producer receives.</summary>
public readonly record struct ProducerDescription(string Mid, MediaKind Kind, string StreamId, string TrackId, ProducerExtensions Extensions);
