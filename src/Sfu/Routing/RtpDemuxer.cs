using Sfu.Diagnostics;
using Sfu.Wire.Rtp;

namespace Sfu.Routing;

/// <summary>
/// Finds the producer and the encoding (simulcast layer) an incoming RTP packet of one participant belongs to: by SSRC,
/// or for SSRCs the SDP did not announce by the MID header extension and, for RID simulcast, the RtpStreamId or
/// RepairedRtpStreamId extension; RTX retransmissions are turned back into the media packet they repair. Owned by the
/// media worker thread; no allocation per packet.
/// </summary>
internal sealed class RtpDemuxer(IReceivedSsrcRelease released)
{
    private readonly Dictionary<string, Producer> _byMid = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, SsrcRoute> _bySsrc = [];

    public Dictionary<string, Producer>.ValueCollection Producers => _byMid.Values;

    public int Count => _byMid.Count;

    public bool TryGetByMid(string mid, out Producer? producer) => _byMid.TryGetValue(mid, out producer);

    public bool TryGetBySsrc(uint ssrc, out Producer? producer)
    {
        bool found = _bySsrc.TryGetValue(ssrc, out SsrcRoute route);
        producer = route.Producer;
        return found;
    }

    /// <summary>
    /// The producer and layer of <paramref name="packet"/>, with an RTX packet unwrapped in place (so <paramref name="packet"/>
    /// and <paramref name="header"/> may change; <paramref name="retransmission"/> then says so). False, with the drop
    /// counted, when the packet belongs to no producer.
    /// </summary>
    public bool TryRoute(ref Span<byte> packet, ref RtpHeader header, out Producer? producer, out int layer, out bool retransmission)
    {
        retransmission = false;
        if (!_bySsrc.TryGetValue(header.Ssrc, out SsrcRoute route) && !TryLearnSsrc(packet, header, out route, out bool unplacedLayer))
        {
            producer = null;
            layer = 0;
            SfuMetrics.CountDrop(unplacedLayer ? DropReason.SimulcastLayerIgnored : DropReason.UnknownSsrc);
            return false;
        }

        producer = route.Producer;
        layer = route.Layer;
        if (!route.IsRtx)
        {
            return true;
        }

        // A padding-only packet on the RTX SSRC (RFC 3550 section 5.1: P set, no payload) is a bandwidth probe, as
        // Chrome sends them: there is no original sequence number to unwrap and nothing to forward. It numbers the RTX
        // stream, not the media stream, so it must not reach the media stream's statistics either.
        if (header.PayloadLength == 0 && header.HasPadding)
        {
            SfuMetrics.CountDrop(DropReason.Padding);
            return false;
        }

        uint mediaSsrc = producer.Layers[layer].Ssrc;
        if (mediaSsrc == 0 || !RtxUnwrapper.TryUnwrap(ref packet, ref header, producer, mediaSsrc))
        {
            SfuMetrics.CountDrop(DropReason.Malformed);
            return false;
        }

        retransmission = true;
        return true;
    }

    /// <summary>A producer created by negotiation, with the SSRCs its m= line declared per encoding (0 = learn from the MID).</summary>
    public void Add(Producer producer)
    {
        _byMid.Add(producer.Mid, producer);
    }

    /// <summary>
    /// Negotiation declared (or a renegotiation changed) the SSRCs of one encoding: SSRC simulcast (a=ssrc-group:SIM) names
    /// every layer and its RTX (FID) up front. The old SSRCs stop routing to it.
    /// </summary>
    public void SetLayerSsrcs(Producer producer, int layer, uint ssrc, uint rtxSsrc)
    {
        ProducerLayer encoding = producer.Layers[layer];
        uint oldSsrc = encoding.Ssrc;
        uint oldRtxSsrc = encoding.RtxSsrc;
        if (oldSsrc == ssrc && oldRtxSsrc == rtxSsrc)
        {
            return;
        }

        RemoveRoute(oldSsrc, producer);
        RemoveRoute(oldRtxSsrc, producer);
        producer.SetLayerSsrc(layer, ssrc, rtxSsrc);
        if (ssrc != 0)
        {
            _bySsrc[ssrc] = new SsrcRoute(producer, layer, IsRtx: false);
        }

        if (rtxSsrc != 0 && rtxSsrc != ssrc)
        {
            _bySsrc[rtxSsrc] = new SsrcRoute(producer, layer, IsRtx: true);
        }

        Release(oldSsrc);
        Release(oldRtxSsrc);
    }

    public void Remove(Producer producer)
    {
        _byMid.Remove(producer.Mid);
        for (int i = 0; i < producer.Layers.Count; i++)
        {
            ProducerLayer layer = producer.Layers[i];
            RemoveRoute(layer.Ssrc, producer);
            RemoveRoute(layer.RtxSsrc, producer);
            Release(layer.Ssrc);
            Release(layer.RtxSsrc);
        }
    }

    public void Clear()
    {
        _byMid.Clear();
        _bySsrc.Clear();
    }

    /// <summary>
    /// A packet on an SSRC the SDP did not announce (Chrome's and Firefox's RID simulcast, a replaced track, Firefox's late
    /// SSRC changes): the MID header extension (RFC 8843 section 15) says which m= line it belongs to, the RtpStreamId
    /// (RFC 8852 section 3.1) which layer, and a RepairedRtpStreamId (RFC 8852 section 3.2) or the line's RTX payload type
    /// that it is a retransmission stream (RFC 4588), which repairs that layer's media SSRC rather than replacing it.
    /// </summary>
    private bool TryLearnSsrc(ReadOnlySpan<byte> packet, in RtpHeader header, out SsrcRoute route, out bool unplacedLayer)
    {
        route = default;
        unplacedLayer = false;
        foreach (Producer candidate in _byMid.Values)
        {
            int midId = candidate.Extensions.MidId;
            if (midId > 0 && RtpHeaderExtensions.TryFind(packet, header, midId, out ReadOnlySpan<byte> mid) && AsciiEquals(mid, candidate.Mid))
            {
                bool learned = TryLearnLayer(candidate, packet, header, out route);
                unplacedLayer = !learned && candidate.IsSimulcast;
                return learned;
            }
        }

        return false;
    }

    private bool TryLearnLayer(Producer candidate, ReadOnlySpan<byte> packet, in RtpHeader header, out SsrcRoute route)
    {
        route = default;
        bool isRtx = candidate.FindCodec(header.PayloadType) is null && candidate.FindCodecByRtx(header.PayloadType) is not null;
        int layer = 0;
        if (candidate.IsSimulcast)
        {
            ProducerExtensions ids = candidate.Extensions;
            int ridId = isRtx ? ids.RepairedRtpStreamIdId : ids.RtpStreamIdId;
            if (ridId <= 0 || !RtpHeaderExtensions.TryFind(packet, header, ridId, out ReadOnlySpan<byte> rid) || (layer = FindLayer(candidate, rid)) < 0)
            {
                return false; // a simulcast packet that does not say its layer cannot be placed
            }
        }

        ProducerLayer encoding = candidate.Layers[layer];
        if (isRtx)
        {
            if (encoding.Ssrc == 0)
            {
                return false; // no media stream yet that a retransmission could repair
            }

            SetLayerSsrcs(candidate, layer, encoding.Ssrc, header.Ssrc);
        }
        else
        {
            SetLayerSsrcs(candidate, layer, header.Ssrc, encoding.RtxSsrc == header.Ssrc ? 0 : encoding.RtxSsrc);
        }

        return _bySsrc.TryGetValue(header.Ssrc, out route);
    }

    private static int FindLayer(Producer producer, ReadOnlySpan<byte> rid)
    {
        for (int i = 0; i < producer.Layers.Count; i++)
        {
            if (producer.Layers[i].Rid is { } name && AsciiEquals(rid, name))
            {
                return i;
            }
        }

        return -1;
    }

    private void RemoveRoute(uint ssrc, Producer producer)
    {
        if (ssrc != 0 && _bySsrc.TryGetValue(ssrc, out SsrcRoute route) && route.Producer == producer)
        {
            _bySsrc.Remove(ssrc);
        }
    }

    /// <summary>
    /// An SSRC stopped routing to a producer: unless another mapping still uses it, the transport frees its SRTP state,
    /// so publishers that come, go and change SSRCs over a long meeting never fill the session's SSRC table.
    /// </summary>
    private void Release(uint ssrc)
    {
        if (ssrc != 0 && !_bySsrc.ContainsKey(ssrc))
        {
            released.ReleaseReceivedSsrc(ssrc);
        }
    }

    private static bool AsciiEquals(ReadOnlySpan<byte> ascii, string text)
    {
        if (ascii.Length != text.Length)
        {
            return false;
        }

        for (int i = 0; i < ascii.Length; i++)
        {
            if (ascii[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Where one SSRC goes: a producer's layer, as media or as its RTX stream.</summary>
    private readonly record struct SsrcRoute(Producer Producer, int Layer, bool IsRtx);
}
