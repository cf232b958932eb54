using Microsoft.Extensions.Logging;
using Sfu.Diagnostics;
using Sfu.Negotiation;
using Sfu.Wire.Sdp;

namespace Sfu.Routing;

/// <summary>
/// The SDP offer/answer state of one participant's RTCPeerConnection (RFC 3264, JSEP RFC 8829). The browser offers
/// when it publishes; the server offers when the set of tracks it sends changes. The server is the impolite side of
/// "perfect negotiation": a browser offer that crosses a pending server offer is refused as glare, and the browser
/// (polite) rolls back, answers ours and offers again. It owns which m= line (mid) each consumer is on; what the
/// browser publishes is the host's business. Time is a parameter; nothing here touches a socket.
/// <para>
/// The browser has the first word: until its first offer/answer exchange completed, or until
/// <paramref name="browserFirstUntilTicks"/> for a client that never offers (nothing to publish), no server offer goes
/// out. A server offer that overtakes a joining browser's first offer makes the polite browser roll that offer back
/// just after its ICE gathering started and gather again for its answer; joins that went that way sometimes never
/// connected until the consent timeout (one in four of four pages joining 1.5 s apart on a loaded machine).
/// A browser that announces a track (<see cref="ExpectBrowserOffer"/>) gets the same head start again: on a busy machine
/// Chrome's first offer came 2 s after its join, just after the fixed wait ran out, and crossed the server's.
/// </para>
/// </summary>
internal sealed class SessionNegotiator(
    string participantId, CodecPolicy policy, ConsumerSet consumers, INegotiationHost host, ILogger logger, long browserFirstUntilTicks = 0)
{
    /// <summary>Track changes within this window share one server offer, and an offer never chases an answer we just gave.</summary>
    public static readonly long RenegotiationDelayTicks = TimeSpan.FromMilliseconds(150).Ticks;

    private NegotiatedSession? _negotiated;
    private PendingOffer? _pendingOffer;
    private long _renegotiateAtTicks = long.MaxValue;
    private long _browserOfferExpectedUntilTicks = browserFirstUntilTicks;

    public bool HasPendingOffer => _pendingOffer is not null;

    /// <summary>What was last agreed; null before the first offer/answer exchange.</summary>
    public NegotiatedSession? Negotiated => _negotiated;

    /// <summary>When a scheduled server offer is due; <see cref="long.MaxValue"/> when none is.</summary>
    public long RenegotiateAtTicks => _renegotiateAtTicks;

    /// <summary>
    /// The browser announced a track its next offer carries: until <paramref name="untilTicks"/> or that offer, whichever
    /// comes first, no server offer goes out (it would cross the browser's).
    /// </summary>
    public void ExpectBrowserOffer(long untilTicks) => _browserOfferExpectedUntilTicks = Math.Max(_browserOfferExpectedUntilTicks, untilTicks);

    /// <summary>Answers a browser offer, keeping every consumer already placed on its m= line.</summary>
    public NegotiationResult ApplyOffer(SessionDescription offer, long nowTicks)
    {
        if (_pendingOffer is not null)
        {
            return NegotiationResult.Glare("glare: the server's offer is pending; answer it, then offer again");
        }

        _browserOfferExpectedUntilTicks = 0; // what was announced came (a later publish announces the next)

        var options = new AnswerOptions { Tracks = BuildOutgoingTracks(placedOnly: true), Previous = _negotiated };
        if (!SdpAnswerBuilder.TryBuildAnswer(offer, host.LocalParameters, policy, options, out SessionDescription? answer, out NegotiatedSession? negotiated, out string? error))
        {
            return NegotiationResult.Failed(error ?? "the offer cannot be answered");
        }

        Apply(negotiated!, nowTicks);
        return NegotiationResult.Answered(answer!.ToString());
    }

    /// <summary>Applies the browser's answer to our pending offer.</summary>
    public NegotiationResult ApplyAnswer(SessionDescription answer, long nowTicks)
    {
        if (_pendingOffer is not { } pending)
        {
            return NegotiationResult.Failed("no server offer is pending");
        }

        _pendingOffer = null;
        if (!pending.TryApplyAnswer(answer, out NegotiatedSession? negotiated, out string? error))
        {
            // The offer is spent either way (the browser rolls back, RFC 8829 section 4.1.10); a fresh one follows,
            // built from what was last agreed.
            ForgetUnconfirmedMids();
            ScheduleRenegotiation(nowTicks);
            return NegotiationResult.Failed(error ?? "the answer does not match the offer");
        }

        Apply(negotiated!, nowTicks);
        return NegotiationResult.Applied();
    }

    /// <summary>The tracks we send changed: offer once the debounce window has passed (see <see cref="Tick"/>).</summary>
    public void ScheduleRenegotiation(long nowTicks)
    {
        long at = nowTicks + RenegotiationDelayTicks;
        if (at < _renegotiateAtTicks)
        {
            _renegotiateAtTicks = at;
        }
    }

    /// <summary>
    /// Sends the scheduled server offer when it is due, unless an offer is still waiting for its answer or a browser offer
    /// may still be coming (its first, or one it announced): it stays scheduled and goes out after that exchange.
    /// </summary>
    public void Tick(long nowTicks)
    {
        if (_renegotiateAtTicks == long.MaxValue || nowTicks < _renegotiateAtTicks || _pendingOffer is not null
            || nowTicks < _browserOfferExpectedUntilTicks)
        {
            return;
        }

        _renegotiateAtTicks = long.MaxValue;
        if (!NeedsOffer())
        {
            return;
        }

        if (!SdpOfferBuilder.TryBuildOffer(_negotiated, host.LocalParameters, policy, BuildOutgoingTracks(placedOnly: false), out PendingOffer? offer, out string? error))
        {
            EngineLog.ServerOfferFailed(logger, participantId, error ?? "unknown");
            return;
        }

        _pendingOffer = offer;
        foreach (Consumer consumer in consumers)
        {
            if (consumer.Mid is null && offer!.MidByTrackId.TryGetValue(consumer.Producer.TrackId, out string? mid))
            {
                consumer.Mid = mid;
            }
        }

        host.OnServerOffer(offer!.Offer.ToString());
    }

    private void Apply(NegotiatedSession negotiated, long nowTicks)
    {
        _negotiated = negotiated;
        host.OnNegotiated(negotiated, nowTicks);
        foreach (NegotiatedMedia media in negotiated.Media)
        {
            if (media.LocalTrack is { } track && consumers.FindByTrackId(track.TrackId) is { } consumer)
            {
                consumer.Mid = media.Mid;
                consumer.ApplyNegotiation(media, nowTicks);
            }
            else if (media.Rejected)
            {
                DeclineConsumerOn(media.Mid);
            }
        }
    }

    /// <summary>
    /// Drops the mids a refused offer gave to new consumers: the browser never agreed to them, and the next
    /// offer must place those tracks afresh (keeping them would name m= lines the session does not have).
    /// </summary>
    private void ForgetUnconfirmedMids()
    {
        foreach (Consumer consumer in consumers)
        {
            if (consumer.Mid is { } mid && _negotiated?.FindMedia(mid) is null)
            {
                consumer.Mid = null;
            }
        }
    }

    /// <summary>An offer is needed when a consumer has no m= line yet, or an m= line still sends a track we no longer have.</summary>
    private bool NeedsOffer()
    {
        foreach (Consumer consumer in consumers)
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
                if (media.ServerSends && media.LocalTrack is { } track && consumers.FindByTrackId(track.TrackId) is null)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void DeclineConsumerOn(string mid)
    {
        foreach (Consumer consumer in consumers)
        {
            if (consumer.Mid == mid)
            {
                consumer.Decline();
            }
        }
    }

    private List<OutgoingTrack> BuildOutgoingTracks(bool placedOnly)
    {
        var tracks = new List<OutgoingTrack>(consumers.Count);
        foreach (Consumer consumer in consumers)
        {
            if (placedOnly && consumer.Mid is null)
            {
                continue;
            }

            Producer producer = consumer.Producer;
            tracks.Add(new OutgoingTrack(consumer.Mid, producer.Kind == MediaKind.Audio ? "audio" : "video", producer.StreamId, producer.TrackId, consumer.Ssrc, consumer.RtxSsrc, producer.Codecs)
            {
                Cname = producer.PublisherId,
            });
        }

        return tracks;
    }
}
