using System.Globalization;

using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>
/// Server-initiated (re)negotiation on the browser's one RTCPeerConnection (RFC 8829 section 5.2.2): existing m= lines
/// keep their order, mids and payload types; a server track with no m= line takes an inactive one of its kind or a new
/// one appended with a fresh mid; a track no longer sent leaves its line inactive. ICE-lite, setup:actpass, the same
/// credentials and fingerprint, and a BUNDLE group of every non-rejected mid.
/// </summary>
public static class SdpOfferBuilder
{
    /// <param name="current">The state after the last completed negotiation, or null for a first offer.</param>
    /// <param name="tracks">Every track the server sends to this browser from now on (a full list, not a delta).</param>
    /// <param name="receiveKinds">Kinds ("audio"/"video") of new recvonly m= lines for the browser to publish into.</param>
    public static bool TryBuildOffer(
        NegotiatedSession? current, LocalTransportParameters local, CodecPolicy policy, IReadOnlyList<OutgoingTrack> tracks,
        out PendingOffer? offer, out string? error, IReadOnlyList<string>? receiveKinds = null)
    {
        offer = null;
        error = local.Validate();
        if (error is not null)
        {
            return false;
        }

        var existing = current?.Media ?? [];
        var placement = new TrackPlacement(existing);
        error = placement.Place(tracks);
        if (error is not null)
        {
            return false;
        }

        var plans = new List<NegotiatedMedia>(existing.Count + placement.Unplaced.Count);
        foreach (var media in existing)
        {
            plans.Add(media.Rejected ? media : KeepMedia(media, placement.TrackFor(media.Mid)));
        }

        var payloadTypes = new PayloadTypeAllocator(current);
        var extensionIds = new ExtensionIdAllocator(current);
        var mids = new FreshMids(existing);
        foreach (var track in placement.Unplaced)
        {
            var mid = mids.Next();
            var plan = NewMedia(plans.Count, mid, track.Kind, SdpDirection.SendOnly, track.Codecs ?? policy.DefaultCodecs(track.Kind),
                track with { Mid = mid }, policy, payloadTypes, extensionIds, out error);
            if (plan is null)
            {
                return false;
            }

            plans.Add(plan);
        }

        foreach (var kind in receiveKinds ?? [])
        {
            var plan = NewMedia(plans.Count, mids.Next(), kind, SdpDirection.RecvOnly, policy.DefaultCodecs(kind), null, policy, payloadTypes, extensionIds, out error);
            if (plan is null)
            {
                return false;
            }

            plans.Add(plan);
        }

        var bundleMids = SdpAnswerBuilder.AcceptedInGroupOrder(null, plans);
        var sessionId = current?.SessionId ?? LocalDescriptionWriter.NewSessionId();
        var sessionVersion = (current?.SessionVersion ?? 0) + 1;
        var sdp = LocalDescriptionWriter.Write(sessionId, sessionVersion, plans, bundleMids.Count > 0 ? bundleMids : null, local, SdpSetupRole.ActPass);
        offer = new PendingOffer(sdp, plans, current, policy, sessionId, sessionVersion);
        return true;
    }

    /// <summary>An existing line with its codecs and extensions unchanged; only the sending half follows the track list.</summary>
    private static NegotiatedMedia KeepMedia(NegotiatedMedia media, OutgoingTrack? track)
    {
        var codecs = media.Codecs;
        if (track?.Codecs is { Count: > 0 } preferred)
        {
            var reordered = new List<NegotiatedCodec>(codecs);
            CodecSelector.MoveToFront(reordered, preferred);
            codecs = reordered;
        }

        return new NegotiatedMedia
        {
            Index = media.Index,
            Mid = media.Mid,
            Kind = media.Kind,
            Protocol = media.Protocol,
            Formats = media.Formats,
            Direction = SdpEnumText.FromFlags(track is not null, media.Direction.Receives()),
            Codecs = codecs,
            HeaderExtensions = media.HeaderExtensions,
            RtcpReducedSize = media.RtcpReducedSize,
            Remote = media.Direction.Receives() ? media.Remote : null,
            LocalTrack = track,
        };
    }

    private static NegotiatedMedia? NewMedia(
        int index, string mid, string kind, SdpDirection direction, IReadOnlyList<NegotiatedCodec> wanted, OutgoingTrack? track,
        CodecPolicy policy, PayloadTypeAllocator payloadTypes, ExtensionIdAllocator extensionIds, out string? error)
    {
        var codecs = new List<NegotiatedCodec>(wanted.Count);
        foreach (var codec in wanted)
        {
            var feedback = new List<string>();
            foreach (var item in codec.Feedback)
            {
                if (policy.AllowsFeedback(item))
                {
                    feedback.Add(item);
                }
            }

            if (payloadTypes.Allocate(codec with { Feedback = feedback }) is { } allocated)
            {
                codecs.Add(allocated);
            }
        }

        if (codecs.Count == 0)
        {
            error = $"no codec to offer for a new {kind} m= line";
            return null;
        }

        error = null;
        return new NegotiatedMedia
        {
            Index = index,
            Mid = mid,
            Kind = kind,
            Protocol = "UDP/TLS/RTP/SAVPF",
            Direction = direction,
            Codecs = codecs,
            HeaderExtensions = extensionIds.Allocate(policy.DefaultHeaderExtensions(kind, direction.Receives())),
            RtcpReducedSize = true,
            LocalTrack = track,
        };
    }

    /// <summary>Numeric mids not used yet, counting up from the number of m= lines (what browsers do).</summary>
    private sealed class FreshMids(IReadOnlyList<NegotiatedMedia> existing)
    {
        private readonly HashSet<string> used = Used(existing);
        private int next = existing.Count;

        public string Next()
        {
            while (true)
            {
                var mid = (next++).ToString(CultureInfo.InvariantCulture);
                if (used.Add(mid))
                {
                    return mid;
                }
            }
        }

        private static HashSet<string> Used(IReadOnlyList<NegotiatedMedia> existing)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var media in existing)
            {
                set.Add(media.Mid);
            }

            return set;
        }
    }
}
