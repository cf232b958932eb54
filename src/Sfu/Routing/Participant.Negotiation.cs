using Sfu.Wire.Rtp;
using Sfu.Wire.Sdp;
using Sfu.Negotiation;

namespace Sfu.Routing;

/// <summary>
/// SDP on the participant's one RTCPeerConnection. The browser offers when it publishes; the server offers
/// when the set of tracks it sends changes. The server is the impolite side of "perfect negotiation": a
/// browser offer that crosses a pending server offer is refused as glare, and the browser (polite) rolls
/// back, answers ours and offers again.
/// </summary>
public sealed partial class Participant
{
    /// <summary>Track changes within this window share one server offer, and an offer never chases an answer we just gave.</summary>
    private static readonly long RenegotiationDelayTicks = TimeSpan.FromMilliseconds(150).Ticks;

    private NegotiatedSession? _negotiated;
    private PendingOffer? _pendingOffer;
    private long _renegotiateAtTicks = long.MaxValue;

    public bool HasPendingOffer => _pendingOffer is not null;

    /// <summary>Answers a browser offer; creates, updates and removes this participant's producers to match it.</summary>
    public NegotiationResult ApplyOffer(SessionDescription offer)
    {
        if (_pendingOffer is not null)
        {
            return NegotiationResult.Glare("glare: the server's offer is pending; answer it, then offer again");
        }

        var options = new AnswerOptions { Tracks = BuildOutgoingTracks(placedOnly: true), Previous = _negotiated };
        if (!SdpAnswerBuilder.TryBuildAnswer(offer, LocalParameters(), _context.CodecPolicy, options, out SessionDescription? answer, out NegotiatedSession? negotiated, out string? error))
        {
            return NegotiationResult.Failed(error ?? "the offer cannot be answered");
        }

        ApplyNegotiated(negotiated!);
        return NegotiationResult.Answered(answer!.ToString());
    }

    /// <summary>Applies the browser's answer to our pending offer.</summary>
    public NegotiationResult ApplyAnswer(SessionDescription answer)
    {
        if (_pendingOffer is not { } pending)
        {
            return NegotiationResult.Failed("no server offer is pending");
        }

        if (!pending.TryApplyAnswer(answer, out NegotiatedSession? negotiated, out string? error))
        {
            // The offer is spent either way; a fresh one follows, built from what was last agreed.
            _pendingOffer = null;
            ForgetUnconfirmedMids();
            ScheduleRenegotiation();
            return NegotiationResult.Failed(error ?? "the answer does not match the offer");
        }

        _pendingOffer = null;
        ApplyNegotiated(negotiated!);
        return NegotiationResult.Applied();
    }

    /// <summary>
    /// Drops the mids a refused offer gave to new consumers: the browser never agreed to them, and the next
    /// offer must place those tracks afresh (keeping them would name m= lines the session does not have).
    /// </summary>
    private void ForgetUnconfirmedMids()
    {
        var agreed = new HashSet<string>(StringComparer.Ordinal);
        if (_negotiated is not null)
        {
            foreach (NegotiatedMedia media in _negotiated.Media)
            {
                agreed.Add(media.Mid);
            }
        }

        foreach (Consumer consumer in _consumers)
        {
            if (consumer.Mid is { } mid && !agreed.Contains(mid))
            {
                consumer.Mid = null;
            }
        }
    }

    internal void ScheduleRenegotiation()
    {
        long at = _context.NowTicks() + RenegotiationDelayTicks;
        if (at < _renegotiateAtTicks || _renegotiateAtTicks == long.MaxValue)
        {
            _renegotiateAtTicks = at;
        }
    }

    private void TickNegotiation(long nowTicks)
    {
        if (_renegotiateAtTicks == long.MaxValue || nowTicks < _renegotiateAtTicks || _pendingOffer is not null)
        {
            return;
        }

        _renegotiateAtTicks = long.MaxValue;
        if (!NeedsOffer())
        {
            return;
        }

        if (!SdpOfferBuilder.TryBuildOffer(_negotiated, LocalParameters(), _context.CodecPolicy, BuildOutgoingTracks(placedOnly: false), out PendingOffer? offer, out string? error))
        {
            System.Diagnostics.Trace.TraceWarning("server offer for {0} failed: {1}", ParticipantId, error);
            return;
        }

        _pendingOffer = offer;
        foreach (Consumer consumer in _consumers)
        {
            if (consumer.Mid is null && offer!.MidByTrackId.TryGetValue(consumer.Producer.TrackId, out string? mid))
            {
                consumer.Mid = mid;
            }
        }

        _observer.OnServerOffer(offer!.Offer.ToString());
    }

    /// <summary>An offer is needed when a consumer has no m= line yet, or an m= line still sends a track we no longer have.</summary>
    private bool NeedsOffer()
    {
        foreach (Consumer consumer in _consumers)
        {
            if (consumer.Mid is null || !consumer.IsNegotiated)
            {
                return true;
            }
        }

        if (_negotiated is not null)
        {
            foreach (NegotiatedMedia media in _negotiated.Media)
            {
                if (media.ServerSends && media.LocalTrack is { } track && FindConsumer(track.TrackId) is null)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void DeclineConsumerOn(string mid)
    {
        foreach (Consumer consumer in _consumers)
        {
            if (consumer.Mid == mid)
            {
                consumer.Decline();
            }
        }
    }

    private Consumer? FindConsumer(string trackId)
    {
        foreach (Consumer consumer in _consumers)
        {
            if (consumer.Producer.TrackId == trackId)
            {
                return consumer;
            }
        }

        return null;
    }

    private List<OutgoingTrack> BuildOutgoingTracks(bool placedOnly)
    {
        var tracks = new List<OutgoingTrack>(_consumers.Count);
        foreach (Consumer consumer in _consumers)
        {
            if (placedOnly && consumer.Mid is null)
            {
                continue;
            }

            Producer producer = consumer.Producer;
            tracks.Add(new OutgoingTrack(consumer.Mid, producer.Kind == MediaKind.Audio ? "audio" : "video", producer.StreamId, producer.TrackId, consumer.Ssrc, 0, producer.Codecs)
            {
                Cname = producer.Publisher.ParticipantId,
            });
        }

        return tracks;
    }

    private LocalTransportParameters LocalParameters() =>
        new(Transport.Ice.LocalUfrag, Transport.Ice.LocalPwd, _context.Fingerprint, _context.Candidates);

    private void ApplyNegotiated(NegotiatedSession negotiated)
    {
        bool first = _negotiated is null;
        _negotiated = negotiated;
        if (first || Transport.Ice.RemoteUfrag != negotiated.RemoteIceUfrag)
        {
            // An ICE restart (new remote credentials) keeps our side; the browser re-checks and DTLS goes on.
            Transport.SetRemoteIce(negotiated.RemoteIceUfrag, negotiated.RemoteIcePwd);
        }

        Transport.RemoteFingerprint ??= negotiated.RemoteFingerprint.Value;
        long now = _context.NowTicks();
        var receivingMids = new HashSet<string>(StringComparer.Ordinal);
        _ignoredLayerSsrcs.Clear();
        foreach (NegotiatedMedia media in negotiated.Media)
        {
            if (media.ServerReceives && media.Remote is not null)
            {
                receivingMids.Add(media.Mid);
                UpsertProducer(media);
            }

            if (media.LocalTrack is { } track && FindConsumer(track.TrackId) is { } consumer)
            {
                consumer.Mid = media.Mid;
                consumer.ApplyNegotiation(media, now);
            }
            else if (media.Rejected)
            {
                DeclineConsumerOn(media.Mid);
            }
        }

        RemoveProducersNotIn(receivingMids);
    }

    private void UpsertProducer(NegotiatedMedia media)
    {
        RemoteSource remote = media.Remote!;
        uint ssrc = remote.Encodings.Count > 0 ? remote.Encodings[0].Ssrc : 0;
        uint rtxSsrc = remote.Encodings.Count > 0 ? remote.Encodings[0].RtxSsrc ?? 0 : 0;
        PinSimulcast(remote, ssrc, rtxSsrc);
        if (_producersByMid.TryGetValue(media.Mid, out Producer? existing))
        {
            if (ssrc != 0 && ssrc != existing.Ssrc)
            {
                _producersBySsrc.Remove(existing.Ssrc);
                _producersBySsrc.Remove(existing.RtxSsrc);
                existing.SetSsrc(ssrc, rtxSsrc);
                _producersBySsrc[ssrc] = existing;
                if (rtxSsrc != 0)
                {
                    _producersBySsrc[rtxSsrc] = existing;
                }
            }

            return;
        }

        IReadOnlyDictionary<string, int> ids = media.ExtensionIds;
        var extensions = new ProducerExtensions(
            ids.TryGetValue(RtpExtensionUris.Mid, out int midId) ? midId : 0,
            ids.TryGetValue(RtpExtensionUris.AudioLevel, out int levelId) ? levelId : 0);
        MediaKind kind = media.Kind == "audio" ? MediaKind.Audio : MediaKind.Video;
        string streamId = string.IsNullOrEmpty(remote.StreamId) || remote.StreamId == "-" ? ParticipantId : remote.StreamId;
        string trackId = string.IsNullOrEmpty(remote.TrackId) ? ParticipantId + "-" + media.Mid : remote.TrackId;
        var producer = new Producer(this, media.Mid, kind, streamId, trackId, media.Codecs, extensions, _context.KeyframeRequestIntervalTicks)
        {
            Muted = _mutedTrackIds.Contains(trackId),
        };
        if (ssrc != 0)
        {
            producer.SetSsrc(ssrc, rtxSsrc);
            _producersBySsrc[ssrc] = producer;
            if (rtxSsrc != 0)
            {
                _producersBySsrc[rtxSsrc] = producer;
            }
        }

        _producersByMid.Add(media.Mid, producer);
        Room?.OnProducerAdded(producer);
    }

    /// <summary>
    /// SSRC simulcast (a=ssrc-group:SIM) cannot be declined in SDP: the browser sends every layer, each on its own SSRC
    /// with the same MID. Until the SFU selects layers (future work) the producer is pinned to the first declared
    /// encoding and its RTX; the other layers' media and RTX SSRCs are remembered so that their packets are dropped,
    /// not taken for an SSRC change by MID learning (which would switch layers packet by packet and garble the video).
    /// An SSRC nobody declared is still learned from the MID.
    /// </summary>
    private void PinSimulcast(RemoteSource remote, uint ssrc, uint rtxSsrc)
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

    private void RemoveProducersNotIn(HashSet<string> receivingMids)
    {
        List<Producer>? removed = null;
        foreach (Producer producer in _producersByMid.Values)
        {
            if (!receivingMids.Contains(producer.Mid))
            {
                (removed ??= []).Add(producer);
            }
        }

        if (removed is null)
        {
            return;
        }

        foreach (Producer producer in removed)
        {
            _producersByMid.Remove(producer.Mid);
            _producersBySsrc.Remove(producer.Ssrc);
            _producersBySsrc.Remove(producer.RtxSsrc);
            Room?.OnProducerRemoved(producer);
            producer.Dispose();
        }
    }
}
