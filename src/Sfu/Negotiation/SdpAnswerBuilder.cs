using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>
/// Answers a browser offer as an ICE-lite, DTLS-server (setup:passive) SFU on one BUNDLE transport (RFC 8829 section
/// 5.3, RFC 8843 section 7.3). Audio/video m= lines with a usable codec are accepted; everything else gets port 0.
/// Never throws on bad input.
/// </summary>
public static class SdpAnswerBuilder
{
    public static bool TryBuildAnswer(
        SessionDescription offer, LocalTransportParameters local, CodecPolicy policy,
        out SessionDescription? answer, out NegotiatedSession? negotiated, out string? error)
        => TryBuildAnswer(offer, local, policy, AnswerOptions.None, out answer, out negotiated, out error);

    public static bool TryBuildAnswer(
        SessionDescription offer, LocalTransportParameters local, CodecPolicy policy, AnswerOptions options,
        out SessionDescription? answer, out NegotiatedSession? negotiated, out string? error)
    {
        answer = null;
        negotiated = null;
        error = local.Validate() ?? CheckMids(offer) ?? CheckTracks(offer, options.Tracks);
        if (error is not null)
        {
            return false;
        }

        var bundle = offer.BundleGroup;
        var bundled = bundle is null ? null : new HashSet<string>(bundle.Mids, StringComparer.Ordinal);
        var plans = new List<NegotiatedMedia>(offer.Media.Count);
        var acceptedOffers = new List<MediaDescription>();
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var media = offer.Media[i];
            var plan = PlanMedia(offer, media, i, bundled, policy, options.Tracks, out error);
            if (plan is null)
            {
                return false;
            }

            plans.Add(plan);
            if (!plan.Rejected)
            {
                acceptedOffers.Add(media);
            }
        }

        if (bundle is null && acceptedOffers.Count > 1)
        {
            error = "offer has several usable m= lines but no a=group:BUNDLE; this server needs one transport";
            return false;
        }

        var tagged = FindTagged(offer, bundle, acceptedOffers);
        if (!RemoteTransport.TryRead(offer, tagged, acceptedOffers, out var transport, out error))
        {
            return false;
        }

        if (transport!.Setup is SdpSetupRole.Passive or SdpSetupRole.HoldConn)
        {
            error = $"offer has a=setup:{transport.Setup.ToSdp()}; this server is always the DTLS server (setup:passive)";
            return false;
        }

        var bundleMids = bundle is null ? null : AcceptedInGroupOrder(bundle, plans);
        var sessionId = options.Previous?.SessionId ?? LocalDescriptionWriter.NewSessionId();
        var sessionVersion = (options.Previous?.SessionVersion ?? 0) + 1;
        answer = LocalDescriptionWriter.Write(sessionId, sessionVersion, plans, bundleMids, local, SdpSetupRole.Passive);
        negotiated = new NegotiatedSession
        {
            SessionId = sessionId,
            SessionVersion = sessionVersion,
            RemoteIceUfrag = transport.IceUfrag,
            RemoteIcePwd = transport.IcePwd,
            RemoteFingerprint = transport.Fingerprint,
            RemoteCandidates = transport.MergeWith(options.Previous),
            BundleMids = bundleMids ?? AcceptedInGroupOrder(null, plans),
            Media = plans,
        };
        return true;
    }

    private static NegotiatedMedia? PlanMedia(
        SessionDescription offer, MediaDescription media, int index, HashSet<string>? bundled, CodecPolicy policy,
        IReadOnlyList<OutgoingTrack> tracks, out string? error)
    {
        error = null;
        var mid = media.Mid!;
        var rejected = new NegotiatedMedia { Index = index, Mid = mid, Kind = media.Kind, Protocol = media.Protocol, Rejected = true, Formats = media.Formats };
        if (media.IsRejected || !IsRtpKind(media.Kind) || !IsSecureRtp(media.Protocol) || (bundled is not null && !bundled.Contains(mid)))
        {
            return rejected;
        }

        var track = FindTrack(tracks, mid);
        var codecs = CodecSelector.Select(media, policy, track?.Codecs);
        if (codecs.Count == 0)
        {
            return rejected;
        }

        // RFC 8829 section 5.3.1: rtcp-mux is required by this server (one port, RFC 5761).
        if (!media.RtcpMux)
        {
            error = $"m= line mid {mid} has no a=rtcp-mux; it is required";
            return null;
        }

        // RFC 3264 section 6.1: we send only where the offerer receives, and receive only where it sends.
        var offered = offer.EffectiveDirection(media);
        var serverSends = track is not null && offered.Receives();
        var direction = SdpEnumText.FromFlags(serverSends, offered.Sends());
        return new NegotiatedMedia
        {
            Index = index,
            Mid = mid,
            Kind = media.Kind,
            Protocol = media.Protocol,
            Formats = media.Formats,
            Direction = direction,
            Codecs = codecs,
            HeaderExtensions = AcceptedExtensions(media, policy),
            RtcpReducedSize = media.RtcpRsize,
            Remote = offered.Sends() ? RemoteSourceReader.Read(media, policy) : null,
            LocalTrack = serverSends ? track : null,
        };
    }

    /// <summary>Allowed extmaps with the offer's ids; the answer drops the direction (RFC 8285 section 6).</summary>
    internal static List<SdpExtmap> AcceptedExtensions(MediaDescription media, CodecPolicy policy)
    {
        var result = new List<SdpExtmap>();
        foreach (var extmap in media.Extmaps)
        {
            if (policy.AllowsHeaderExtension(extmap.Uri) && extmap.Direction is not SdpDirection.Inactive)
            {
                result.Add(new SdpExtmap(extmap.Id, null, extmap.Uri, null));
            }
        }

        return result;
    }

    internal static bool IsRtpKind(string kind) => kind is "audio" or "video";

    /// <summary>DTLS-SRTP profiles: UDP/TLS/RTP/SAVPF (RFC 5764 section 8) and the RTP/SAVPF spelling some stacks use.</summary>
    internal static bool IsSecureRtp(string protocol)
        => protocol.EndsWith("RTP/SAVPF", StringComparison.OrdinalIgnoreCase) || protocol.EndsWith("RTP/SAVP", StringComparison.OrdinalIgnoreCase);

    /// <summary>Accepted mids, in BUNDLE group order when there is a group, else m= line order.</summary>
    internal static List<string> AcceptedInGroupOrder(SdpGroup? group, IReadOnlyList<NegotiatedMedia> plans)
    {
        var accepted = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            if (!plan.Rejected)
            {
                accepted[plan.Mid] = true;
            }
        }

        var result = new List<string>(accepted.Count);
        if (group is not null)
        {
            foreach (var mid in group.Mids)
            {
                if (accepted.Remove(mid))
                {
                    result.Add(mid);
                }
            }
        }

        foreach (var plan in plans)
        {
            if (accepted.Remove(plan.Mid))
            {
                result.Add(plan.Mid);
            }
        }

        return result;
    }

    /// <summary>The offerer's BUNDLE tag (first mid of the group, RFC 8843 section 7.2); else the first accepted line.</summary>
    private static MediaDescription? FindTagged(SessionDescription offer, SdpGroup? bundle, List<MediaDescription> accepted)
    {
        if (bundle is { Mids.Count: > 0 } && offer.FindMedia(bundle.Mids[0]) is { } tagged)
        {
            return tagged;
        }

        return accepted.Count > 0 ? accepted[0] : offer.Media.Count > 0 ? offer.Media[0] : null;
    }

    private static OutgoingTrack? FindTrack(IReadOnlyList<OutgoingTrack> tracks, string mid)
    {
        foreach (var track in tracks)
        {
            if (track.Mid == mid)
            {
                return track;
            }
        }

        return null;
    }

    /// <summary>Every m= line needs a unique a=mid: BUNDLE and all per-line state are keyed by it (RFC 8829 section 5.2.1).</summary>
    private static string? CheckMids(SessionDescription offer)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var mid = offer.Media[i].Mid;
            if (mid is null)
            {
                return $"m= line {i} has no a=mid";
            }

            if (!seen.Add(mid))
            {
                return $"mid {mid} is used by more than one m= line";
            }
        }

        return null;
    }

    private static string? CheckTracks(SessionDescription offer, IReadOnlyList<OutgoingTrack> tracks)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var track in tracks)
        {
            if (track.Mid is null)
            {
                return $"track {track.TrackId} has no mid; answers can only send on offered m= lines";
            }

            if (!used.Add(track.Mid))
            {
                return $"more than one track for mid {track.Mid}";
            }

            var media = offer.FindMedia(track.Mid);
            if (media is null)
            {
                return $"track {track.TrackId} names mid {track.Mid}, which the offer does not have";
            }

            if (media.Kind != track.Kind)
            {
                return $"track {track.TrackId} is {track.Kind} but mid {track.Mid} is {media.Kind}";
            }
        }

        return null;
    }
}
