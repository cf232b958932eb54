using Sfu.Diagnostics;
using Sfu.Negotiation;
using Sfu.Wire.Rtp;

namespace Sfu.Routing;

/// <summary>
/// Finds the producer an incoming RTP packet of one participant belongs to: by SSRC, by the MID header extension for
/// SSRCs the SDP did not announce, with declared SSRC-simulcast layers other than the pinned one dropped, and RTX
/// retransmissions turned back into the media packet they repair. Owned by the media worker thread; no allocation per packet.
/// </summary>
internal sealed class RtpDemuxer(IReceivedSsrcRelease released)
{
    private readonly Dictionary<string, Producer> _byMid = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, Producer> _bySsrc = [];

    /// <summary>Declared SSRC-simulcast layers (media and RTX) the SFU does not forward; see <see cref="PinSimulcast"/>.</summary>
    private readonly HashSet<uint> _ignoredLayerSsrcs = [];

    public Dictionary<string, Producer>.ValueCollection Producers => _byMid.Values;

    public int Count => _byMid.Count;

    public bool TryGetByMid(string mid, out Producer? producer) => _byMid.TryGetValue(mid, out producer);

    public bool TryGetBySsrc(uint ssrc, out Producer? producer) => _bySsrc.TryGetValue(ssrc, out producer);

    /// <summary>
    /// The producer of <paramref name="packet"/>, with an RTX packet unwrapped in place (so <paramref name="packet"/> and
    /// <paramref name="header"/> may change). False, with the drop counted, when the packet belongs to no producer.
    /// </summary>
    public bool TryRoute(ref Span<byte> packet, ref RtpHeader header, out Producer? producer)
    {
        if (!_bySsrc.TryGetValue(header.Ssrc, out producer))
        {
            // A declared layer other than the pinned one carries the same MID: learning it would flip the producer
            // between layers, so it is dropped before MID learning.
            if (_ignoredLayerSsrcs.Contains(header.Ssrc))
            {
                SfuMetrics.CountDrop(DropReason.SimulcastLayerIgnored);
                return false;
            }

            if (!TryLearnSsrc(packet, header, out producer))
            {
                SfuMetrics.CountDrop(DropReason.UnknownSsrc);
                return false;
            }
        }

        if (header.Ssrc != producer!.RtxSsrc || producer.Ssrc == producer.RtxSsrc)
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

        if (!RtxUnwrapper.TryUnwrap(ref packet, ref header, producer))
        {
            SfuMetrics.CountDrop(DropReason.Malformed);
            return false;
        }

        return true;
    }

    /// <summary>A producer created by negotiation, with the SSRCs its m= line declared (0 = learn from the MID).</summary>
    public void Add(Producer producer, uint ssrc, uint rtxSsrc)
    {
        _byMid.Add(producer.Mid, producer);
        if (ssrc != 0)
        {
            SetSsrcs(producer, ssrc, rtxSsrc);
        }
    }

    /// <summary>A renegotiation declared new SSRCs for an existing producer: the old ones stop routing to it.</summary>
    public void SetSsrcs(Producer producer, uint ssrc, uint rtxSsrc)
    {
        uint oldSsrc = producer.Ssrc;
        uint oldRtxSsrc = producer.RtxSsrc;
        _bySsrc.Remove(oldSsrc);
        _bySsrc.Remove(oldRtxSsrc);
        producer.SetSsrc(ssrc, rtxSsrc);
        _bySsrc[ssrc] = producer;
        if (rtxSsrc != 0)
        {
            _bySsrc[rtxSsrc] = producer;
        }

        Release(oldSsrc);
        Release(oldRtxSsrc);
    }

    public void Remove(Producer producer)
    {
        _byMid.Remove(producer.Mid);
        _bySsrc.Remove(producer.Ssrc);
        _bySsrc.Remove(producer.RtxSsrc);
        Release(producer.Ssrc);
        Release(producer.RtxSsrc);
    }

    public void Clear()
    {
        _byMid.Clear();
        _bySsrc.Clear();
        _ignoredLayerSsrcs.Clear();
    }

    /// <summary>Every negotiation declares the layers afresh.</summary>
    public void ForgetIgnoredLayers() => _ignoredLayerSsrcs.Clear();

    /// <summary>
    /// SSRC simulcast (a=ssrc-group:SIM) cannot be declined in SDP: the browser sends every layer, each on its own SSRC
    /// with the same MID. Until the SFU selects layers (future work) the producer is pinned to the first declared
    /// encoding and its RTX; the other layers' media and RTX SSRCs are remembered so that their packets are dropped,
    /// not taken for an SSRC change by MID learning (which would switch layers packet by packet and garble the video).
    /// An SSRC nobody declared is still learned from the MID.
    /// </summary>
    public void PinSimulcast(RemoteSource remote, uint ssrc, uint rtxSsrc)
    {
        for (int i = 1; i < remote.Encodings.Count; i++)
        {
            RemoteEncoding layer = remote.Encodings[i];
            IgnoreLayerSsrc(layer.Ssrc, ssrc, rtxSsrc);
            if (layer.RtxSsrc is { } layerRtx)
            {
                IgnoreLayerSsrc(layerRtx, ssrc, rtxSsrc);
            }
        }
    }

    private void IgnoreLayerSsrc(uint layerSsrc, uint pinnedSsrc, uint pinnedRtxSsrc)
    {
        if (layerSsrc != 0 && layerSsrc != pinnedSsrc && layerSsrc != pinnedRtxSsrc)
        {
            _ignoredLayerSsrcs.Add(layerSsrc);
        }
    }

    /// <summary>
    /// A packet on an SSRC the SDP did not announce (Chrome's RID simulcast, a replaced track, Firefox's late
    /// SSRC changes; never a declared SSRC-simulcast layer, which <see cref="TryRoute"/> drops first): the MID header
    /// extension (RFC 8843 section 15) says which m= line it belongs to. A packet with the line's RTX payload type
    /// is its new retransmission stream (RFC 4588), which repairs the media SSRC rather than replacing it.
    /// </summary>
    private bool TryLearnSsrc(ReadOnlySpan<byte> packet, in RtpHeader header, out Producer? producer)
    {
        producer = null;
        foreach (Producer candidate in _byMid.Values)
        {
            int midId = candidate.Extensions.MidId;
            if (midId > 0 && RtpHeaderExtensions.TryFind(packet, header, midId, out ReadOnlySpan<byte> mid) && MidEquals(mid, candidate.Mid))
            {
                if (candidate.FindCodec(header.PayloadType) is null && candidate.FindCodecByRtx(header.PayloadType) is not null)
                {
                    return TryLearnRtxSsrc(candidate, header.Ssrc, out producer);
                }

                uint oldSsrc = candidate.Ssrc;
                if (oldSsrc != 0)
                {
                    _bySsrc.Remove(oldSsrc);
                }

                candidate.SetSsrc(header.Ssrc, candidate.RtxSsrc);
                _bySsrc[header.Ssrc] = candidate;
                Release(oldSsrc);
                producer = candidate;
                return true;
            }
        }

        return false;
    }

    private bool TryLearnRtxSsrc(Producer candidate, uint rtxSsrc, out Producer? producer)
    {
        producer = null;
        if (candidate.Ssrc == 0)
        {
            return false; // no media stream yet that a retransmission could repair
        }

        uint oldRtxSsrc = candidate.RtxSsrc;
        if (oldRtxSsrc != 0 && oldRtxSsrc != candidate.Ssrc)
        {
            _bySsrc.Remove(oldRtxSsrc);
        }

        candidate.SetSsrc(candidate.Ssrc, rtxSsrc);
        _bySsrc[rtxSsrc] = candidate;
        Release(oldRtxSsrc);
        producer = candidate;
        return true;
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

    private static bool MidEquals(ReadOnlySpan<byte> ascii, string mid)
    {
        if (ascii.Length != mid.Length)
        {
            return false;
        }

        for (int i = 0; i < ascii.Length; i++)
        {
            if (ascii[i] != mid[i])
            {
                return false;
            }
        }

        return true;
    }
}
