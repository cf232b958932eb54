using System.Text;
using Sfu.Forwarding;
using Sfu.Streams;
using Sfu.Wire.Rtp;
using Sfu.Negotiation;

namespace Sfu.Routing;

/// <summary>
/// One subscriber's copy of one producer: a fixed outgoing SSRC, a layer selector that forwards exactly one simulcast
/// layer (the allocator's target, switched to at its keyframe), a forwarder that keeps sequence numbers
/// and timestamps continuous across source changes and pauses, and the negotiated payload types and
/// header extensions of the subscriber's m= line. It sends through the <see cref="IRtpPacketSender"/> it is handed and
/// reports keyframe needs to its <see cref="IConsumerListener"/>; it reads from its producer (codecs, stored packets)
/// but never calls it, and it does not know its subscriber. Owned by the media worker thread.
/// </summary>
public sealed class Consumer
{
    private readonly IRtpPacketSender _sender;
    private readonly IConsumerListener _listener;
    private readonly Forwarder _forwarder;
    private readonly LayerSelector _layers = new();
    private readonly ConsumerSendLog _sendLog = new();
    private readonly Vp8PictureIdRewriter _pictureIds = new();
    private readonly byte[] _payloadTypeMap = new byte[128];
    private SubscriberExtensions _extensions;
    private bool _negotiated;
    private bool _declined;
    private bool _muted;
    private bool _allocatorPaused;

    /// <param name="rtxSsrc">The RTX SSRC announced with <paramref name="ssrc"/> (a=ssrc-group:FID, RFC 4588); 0 for none.</param>
    public Consumer(string subscriberId, Producer producer, uint ssrc, IRtpPacketSender sender, IConsumerListener listener, uint rtxSsrc = 0)
    {
        SubscriberId = subscriberId;
        Producer = producer;
        _sender = sender;
        _listener = listener;
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        _forwarder = new Forwarder(ssrc, producer.Kind == MediaKind.Video);
        SenderReport = new SenderReportState(ssrc, producer.ClockRate);
        Array.Fill(_payloadTypeMap, (byte)0xFF);
        Allocation = Congestion.StreamAllocatorTrack.Create(producer.Kind == MediaKind.Audio, producer.Layers.Count);
    }

    /// <summary>The participant that receives this copy (an id: a consumer does not call its subscriber).</summary>
    public string SubscriberId { get; }

    /// <summary>The track this consumer copies; read for its codecs and stored packets, never called.</summary>
    public Producer Producer { get; }

    public uint Ssrc { get; }

    /// <summary>
    /// The RTX SSRC announced beside <see cref="Ssrc"/> (0 for none). It carries the subscriber's bandwidth probes:
    /// padding on an SSRC the subscriber's SDP names passes its demultiplexer and is acknowledged in transport-cc
    /// feedback, where padding on an unknown SSRC is dropped before it and reads as lost.
    /// </summary>
    public uint RtxSsrc { get; }

    /// <summary>The subscriber's RTX payload type for this track's codec (RFC 4588 apt=), -1 when it accepted none.</summary>
    public int RtxPayloadType { get; private set; } = -1;

    /// <summary>Whether probes can be sent on <see cref="RtxSsrc"/> now.</summary>
    public bool CanCarryProbes => _negotiated && RtxSsrc != 0 && RtxPayloadType >= 0;

    /// <summary>The subscriber's m= line for this track, once an offer placed it.</summary>
    public string? Mid { get; set; }

    public SenderReportState SenderReport { get; }

    public RttEstimator Rtt { get; } = new();

    public bool NacksEnabled { get; private set; }

    public long PacketsSent { get; private set; }

    /// <summary>True once the subscriber's answer accepted this track's m= line with a codec we can forward.</summary>
    public bool IsNegotiated => _negotiated;

    /// <summary>Applies the subscriber's answer: payload type mapping by codec name and its header extension ids.</summary>
    public void ApplyNegotiation(NegotiatedMedia media, long nowTicks)
    {
        Array.Fill(_payloadTypeMap, (byte)0xFF);
        bool any = false;
        NacksEnabled = false;
        RtxPayloadType = -1;
        foreach (NegotiatedCodec producerCodec in Producer.Codecs)
        {
            foreach (NegotiatedCodec subscriberCodec in media.Codecs)
            {
                if (subscriberCodec.IsNamed(producerCodec.Name) && producerCodec.PayloadType is >= 0 and < 128)
                {
                    _payloadTypeMap[producerCodec.PayloadType] = (byte)subscriberCodec.PayloadType;
                    NacksEnabled |= subscriberCodec.HasFeedback("nack");
                    if (RtxPayloadType < 0 && subscriberCodec.RtxPayloadType is { } rtx)
                    {
                        RtxPayloadType = rtx;
                    }

                    any = true;
                    break;
                }
            }
        }

        IReadOnlyDictionary<string, int> ids = media.ExtensionIds;
        _extensions = new SubscriberExtensions(
            ids.TryGetValue(RtpExtensionUris.Mid, out int midId) ? midId : 0,
            Encoding.ASCII.GetBytes(media.Mid),
            Producer.Kind == MediaKind.Audio && ids.TryGetValue(RtpExtensionUris.AudioLevel, out int levelId) ? levelId : 0,
            ids.TryGetValue(RtpExtensionUris.TransportWideCc, out int transportCcId) ? transportCcId : 0);
        bool wasNegotiated = _negotiated;
        _declined = !any;
        _negotiated = any && media.ServerSends;
        if (_negotiated && !wasNegotiated)
        {
            // A new subscriber's video starts at once: ask the publisher for a keyframe now.
            _listener.OnKeyframeRequested(this, nowTicks);
        }
    }

    /// <summary>
    /// The subscriber rejected this track's m= line (port 0): what a browser answers when it has none of the offered
    /// codecs, e.g. H.264 offered to a browser without H.264. Its packets are dropped and counted from now on.
    /// </summary>
    public void Decline()
    {
        _negotiated = false;
        _declined = true;
    }

    /// <summary>The consumer is removed for good: its SSRC is never sent on again, so the sender frees what it keeps for it.</summary>
    public void Close()
    {
        _negotiated = false;
        _sender.ReleaseSsrc(Ssrc);
        if (RtxSsrc != 0)
        {
            _sender.ReleaseSsrc(RtxSsrc);
        }
    }

    /// <summary>The publisher muted the track: nothing is forwarded until it unmutes.</summary>
    public void Pause()
    {
        _muted = true;
        _forwarder.Pause();
    }

    /// <summary>The publisher unmuted: forwarding resumes at a keyframe, unless the allocator keeps the track paused.</summary>
    public void Resume()
    {
        _muted = false;
        if (!_allocatorPaused)
        {
            _forwarder.Resume();
        }
    }

    /// <summary>The simulcast layer (producer encoding index) forwarded now; <see cref="LayerSelector.None"/> before any.</summary>
    public int CurrentLayer => _layers.CurrentLayer;

    /// <summary>The layer the allocator wants forwarded; <see cref="LayerSelector.None"/> when it paused this video.</summary>
    public int TargetLayer => _layers.TargetLayer;

    /// <summary>Whether the allocator paused this video (bandwidth or visibility).</summary>
    public bool IsAllocatorPaused => _allocatorPaused;

    /// <summary>The subscriber's stream allocator's entry for this track (inputs, last choice and hysteresis state).</summary>
    internal Congestion.StreamAllocatorTrack Allocation;

    /// <summary>The layer a keyframe is needed from: the target while a switch is pending, else the current one.</summary>
    public int KeyframeLayer => _layers.TargetLayer != LayerSelector.None ? _layers.TargetLayer : Math.Max(_layers.CurrentLayer, 0);

    /// <summary>
    /// The allocator's choice for this video: a layer, or <see cref="LayerSelector.None"/> to pause it. A new layer is
    /// forwarded from its next keyframe, which is asked for at once (through the producer's throttle).
    /// </summary>
    public void SetTargetLayer(int layer, long nowTicks)
    {
        if (layer == _layers.TargetLayer)
        {
            return;
        }

        _layers.SetTarget(layer);
        if (layer == LayerSelector.None)
        {
            _allocatorPaused = true;
            _forwarder.Pause();
            return;
        }

        if (_allocatorPaused)
        {
            _allocatorPaused = false;
            if (!_muted)
            {
                _forwarder.Resume();
            }
        }

        if (_negotiated && _layers.IsSwitching)
        {
            _listener.OnKeyframeRequested(this, nowTicks);
        }
    }

    /// <summary>The subscriber asked for a keyframe (PLI or FIR), or its video starts now.</summary>
    public void RequestKeyframe(long nowTicks) => _listener.OnKeyframeRequested(this, nowTicks);

    /// <summary>Decides, rewrites into <paramref name="scratch"/>, protects and sends one publisher packet.</summary>
    public void Forward(ReadOnlySpan<byte> payload, in RtpHeader header, NegotiatedCodec codec, in IncomingPacketInfo info, int audioLevel, long nowTicks, Span<byte> scratch)
    {
        byte payloadType = _payloadTypeMap[codec.PayloadType & 0x7F];
        if (payloadType == 0xFF && (_negotiated || _declined))
        {
            // Nothing is transcoded: the subscriber's answer has no codec of this name (RFC 3264 section 6.1), e.g. an
            // H.264-only publisher and a subscriber without H.264. Counted, so operators see why a tile stays dark.
            Diagnostics.SfuMetrics.CountDrop(Diagnostics.DropReason.CodecNotNegotiated);
            return;
        }

        if (!_negotiated || !_sender.IsReady)
        {
            return;
        }

        if (Producer.Kind == MediaKind.Video)
        {
            LayerDecision layer = _layers.Select(info.Layer, info.IsKeyframe);
            if (layer.RequestKeyframe)
            {
                _listener.OnKeyframeRequested(this, nowTicks);
            }

            if (!layer.Pass)
            {
                // Another layer's packet is not a drop of this stream; the wanted layer before its keyframe is, while
                // nothing flows (a start or a resume), as the forwarder counts it for a single-encoding track.
                if (layer.RequestKeyframe && _layers.CurrentLayer == LayerSelector.None)
                {
                    Diagnostics.SfuMetrics.CountDrop(Diagnostics.DropReason.WaitingForKeyframe);
                }

                return;
            }

            if (layer.Switched && layer.SwitchedFrom != LayerSelector.None)
            {
                Diagnostics.SfuMetrics.CountLayerSwitch(up: Producer.QualityRankOf(info.Layer) > Producer.QualityRankOf(layer.SwitchedFrom));
            }
        }

        ForwardDecision decision = _forwarder.Decide(info, nowTicks);
        if (decision.RequestKeyframe)
        {
            _listener.OnKeyframeRequested(this, nowTicks);
        }

        if (!decision.ShouldForward)
        {
            Diagnostics.SfuMetrics.CountDrop(decision.DropReason);
            return;
        }

        int length = ForwardedPacketWriter.Write(
            scratch, payload, header.Marker, payloadType, decision.NewSequenceNumber, decision.NewTimestamp, Ssrc, _extensions, audioLevel);
        if (length == 0)
        {
            return;
        }

        (int pictureId, int tl0PicIdx) = info.Codec == VideoCodec.Vp8
            ? _pictureIds.Rewrite(scratch.Slice(length - payload.Length, payload.Length), rebase: (decision.Flags & ForwardFlags.SwitchedSource) != 0)
            : (Vp8PictureIdRewriter.Absent, Vp8PictureIdRewriter.Absent);
        _sendLog.Record(decision.NewSequenceNumber, header.SequenceNumber, decision.NewTimestamp, header.Marker, info.Layer, pictureId, tl0PicIdx);
        SenderReport.OnPacketSent(decision.NewTimestamp, payload.Length, nowTicks);
        if (_sender.SendRtp(scratch, length))
        {
            PacketsSent++;
        }
    }

    /// <summary>
    /// Serves a subscriber NACK for one of our sequence numbers (RFC 4585 section 6.2.1) from the store of the layer that
    /// packet came from: across a layer switch the subscriber's one sequence space covers several publisher streams.
    /// </summary>
    public void Retransmit(ushort sequenceNumber, long nowTicks, Span<byte> scratch)
    {
        if (!_negotiated
            || !_sendLog.TryFind(sequenceNumber, out ConsumerSendLog.Sent sent)
            || !Producer.TryGetStored(sent.Layer, sent.SourceSequence, nowTicks, out ReadOnlySpan<byte> stored)
            || !RtpHeader.TryRead(stored, out RtpHeader header))
        {
            return;
        }

        byte payloadType = _payloadTypeMap[header.PayloadType & 0x7F];
        if (payloadType == 0xFF)
        {
            return;
        }

        ReadOnlySpan<byte> payload = header.GetPayload(stored);
        int length = ForwardedPacketWriter.Write(scratch, payload, sent.Marker, payloadType, sequenceNumber, sent.OutgoingTimestamp, Ssrc, _extensions, -1);
        if (length > 0 && (sent.PictureId != Vp8PictureIdRewriter.Absent || sent.Tl0PicIdx != Vp8PictureIdRewriter.Absent))
        {
            Vp8PictureIdRewriter.Restore(scratch.Slice(length - payload.Length, payload.Length), sent.PictureId, sent.Tl0PicIdx);
        }

        if (length > 0 && _sender.SendRtp(scratch, length))
        {
            Diagnostics.SfuMetrics.CountRetransmission();
        }
    }
}
