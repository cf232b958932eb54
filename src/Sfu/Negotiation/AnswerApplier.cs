using System.Globalization;

using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>Applies a browser answer to a <see cref="PendingOffer"/> (RFC 3264 section 6, RFC 8829 section 5.10).</summary>
internal static class AnswerApplier
{
    public static bool TryApply(PendingOffer pending, SessionDescription answer, out NegotiatedSession? negotiated, out string? error)
    {
        negotiated = null;
        var plans = pending.Plans;
        if (answer.Media.Count != plans.Count)
        {
            error = $"answer has {answer.Media.Count} m= lines, the offer had {plans.Count}";
            return false;
        }

        var media = new List<NegotiatedMedia>(plans.Count);
        var accepted = new List<MediaDescription>();
        for (var i = 0; i < plans.Count; i++)
        {
            var result = ApplyMedia(pending, answer, plans[i], answer.Media[i], out error);
            if (result is null)
            {
                return false;
            }

            media.Add(result);
            if (!result.Rejected)
            {
                accepted.Add(answer.Media[i]);
            }
        }

        var bundle = answer.BundleGroup;
        if (accepted.Count > 1)
        {
            var bundled = bundle is null ? [] : new HashSet<string>(bundle.Mids, StringComparer.Ordinal);
            foreach (var line in accepted)
            {
                if (!bundled.Contains(line.Mid!))
                {
                    error = $"answer does not BUNDLE mid {line.Mid}";
                    return false;
                }
            }
        }

        if (!TryReadTransport(pending.Previous, answer, bundle, accepted, out var transport, out error))
        {
            return false;
        }

        negotiated = new NegotiatedSession
        {
            SessionId = pending.SessionId,
            SessionVersion = pending.SessionVersion,
            RemoteIceUfrag = transport!.IceUfrag,
            RemoteIcePwd = transport.IcePwd,
            RemoteFingerprint = transport.Fingerprint,
            RemoteCandidates = transport.MergeWith(pending.Previous),
            BundleMids = SdpAnswerBuilder.AcceptedInGroupOrder(bundle, media),
            Media = media,
        };
        return true;
    }

    private static bool TryReadTransport(
        NegotiatedSession? previous, SessionDescription answer, SdpGroup? bundle, List<MediaDescription> accepted,
        out RemoteTransport? transport, out string? error)
    {
        if (accepted.Count == 0 && previous is not null)
        {
            // Nothing accepted: the transport stays what it was.
            transport = new RemoteTransport(previous.RemoteIceUfrag, previous.RemoteIcePwd, previous.RemoteFingerprint, SdpSetupRole.Active, []);
            error = null;
            return true;
        }

        var tagged = bundle is { Mids.Count: > 0 } ? answer.FindMedia(bundle.Mids[0]) : null;
        tagged ??= accepted.Count > 0 ? accepted[0] : null;
        if (!RemoteTransport.TryRead(answer, tagged, accepted, out transport, out error))
        {
            return false;
        }

        // We offered actpass and only ever act as DTLS server, so the browser must take the client role.
        if (transport!.Setup != SdpSetupRole.Active)
        {
            error = $"answer has a=setup:{transport.Setup.ToSdp()}; it must be active";
            return false;
        }

        return true;
    }

    private static NegotiatedMedia? ApplyMedia(PendingOffer pending, SessionDescription answer, NegotiatedMedia plan, MediaDescription line, out string? error)
    {
        error = null;
        if (line.Mid != plan.Mid)
        {
            error = $"m= line {plan.Index}: answer mid {line.Mid ?? "(none)"} does not match offered mid {plan.Mid}";
            return null;
        }

        if (plan.Rejected || line.IsRejected)
        {
            return Rejected(plan);
        }

        if (!line.RtcpMux)
        {
            error = $"answer for mid {plan.Mid} lacks a=rtcp-mux";
            return null;
        }

        // RFC 3264 section 6.1: the answerer may only send where we receive and receive where we send.
        var answered = answer.EffectiveDirection(line);
        if ((answered.Sends() && !plan.Direction.Receives()) || (answered.Receives() && !plan.Direction.Sends()))
        {
            error = $"answer for mid {plan.Mid} is {answered.ToSdp()} but the offer was {plan.Direction.ToSdp()}";
            return null;
        }

        var codecs = MatchCodecs(plan, line, pending.Policy, out error);
        if (codecs is null)
        {
            return null;
        }

        var local = answered.Reverse();
        return new NegotiatedMedia
        {
            Index = plan.Index,
            Mid = plan.Mid,
            Kind = plan.Kind,
            Protocol = plan.Protocol,
            Formats = plan.Formats,
            Direction = local,
            Codecs = codecs,
            HeaderExtensions = MatchExtensions(plan, line),
            RtcpReducedSize = plan.RtcpReducedSize && line.RtcpRsize,
            Remote = answered.Sends() ? RemoteSourceReader.Read(line, pending.Policy) : null,
            LocalTrack = local.Sends() ? plan.LocalTrack : null,
        };
    }

    private static NegotiatedMedia Rejected(NegotiatedMedia plan) => new()
    {
        Index = plan.Index,
        Mid = plan.Mid,
        Kind = plan.Kind,
        Protocol = plan.Protocol,
        Rejected = true,
        Formats = plan.Formats.Count > 0 ? plan.Formats : FormatsOf(plan),
    };

    /// <summary>The payload types of a line that had codecs, so a later rejected m= line still lists formats.</summary>
    private static List<string> FormatsOf(NegotiatedMedia plan)
    {
        var formats = new List<string>();
        foreach (var codec in plan.Codecs)
        {
            formats.Add(codec.PayloadType.ToString(CultureInfo.InvariantCulture));
        }

        return formats;
    }

    /// <summary>The answer's payload types must be ones we offered (RFC 3264 section 6.1); its order is its preference.</summary>
    private static List<NegotiatedCodec>? MatchCodecs(NegotiatedMedia plan, MediaDescription line, CodecPolicy policy, out string? error)
    {
        error = null;
        var chosen = new List<NegotiatedCodec>();
        var rtxAccepted = new HashSet<int>();
        foreach (var pt in CodecSelector.OfferedPayloadTypes(line))
        {
            var codec = plan.FindCodec(pt);
            if (codec is null)
            {
                error = $"answer for mid {plan.Mid} uses payload type {pt}, which was not offered";
                return null;
            }

            if (codec.PayloadType == pt)
            {
                chosen.Add(codec);
            }
            else
            {
                rtxAccepted.Add(pt);
            }
        }

        if (chosen.Count == 0)
        {
            error = $"answer for mid {plan.Mid} accepts no codec";
            return null;
        }

        for (var i = 0; i < chosen.Count; i++)
        {
            var codec = chosen[i];
            var feedback = new List<string>();
            foreach (var value in CodecSelector.Feedback(line, codec.PayloadType, policy))
            {
                if (codec.HasFeedback(value))
                {
                    feedback.Add(value);
                }
            }

            chosen[i] = codec with
            {
                RtxPayloadType = codec.RtxPayloadType is { } rtx && rtxAccepted.Contains(rtx) ? rtx : null,
                Feedback = feedback,
            };
        }

        return chosen;
    }

    /// <summary>Offered extensions the answer kept, with the answer's ids.</summary>
    private static List<SdpExtmap> MatchExtensions(NegotiatedMedia plan, MediaDescription line)
    {
        var offered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var extmap in plan.HeaderExtensions)
        {
            offered.Add(extmap.Uri);
        }

        var result = new List<SdpExtmap>();
        foreach (var extmap in line.Extmaps)
        {
            if (offered.Contains(extmap.Uri) && extmap.Direction is not SdpDirection.Inactive)
            {
                result.Add(new SdpExtmap(extmap.Id, null, extmap.Uri, null));
            }
        }

        return result;
    }
}
