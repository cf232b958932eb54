using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>
/// Decides which m= line carries each outgoing track of a server offer: the mid the caller gave; else the line that
/// already carries the same track id; else an inactive line of the same kind that nobody uses (JSEP lets a transceiver
/// be reused, RFC 8829 section 5.2.2); else a new line.
/// </summary>
internal sealed class TrackPlacement(IReadOnlyList<NegotiatedMedia> existing)
{
    private readonly Dictionary<string, OutgoingTrack> byMid = new(StringComparer.Ordinal);

    /// <summary>Tracks that need a new m= line, in the caller's order.</summary>
    public List<OutgoingTrack> Unplaced { get; } = [];

    public OutgoingTrack? TrackFor(string mid) => byMid.TryGetValue(mid, out var track) ? track : null;

    public string? Place(IReadOnlyList<OutgoingTrack> tracks)
    {
        var trackIds = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<OutgoingTrack>();
        foreach (var track in tracks)
        {
            if (!SdpAnswerBuilder.IsRtpKind(track.Kind))
            {
                return $"track {track.TrackId} has kind {track.Kind}; only audio and video can be sent";
            }

            if (!trackIds.Add(track.TrackId))
            {
                return $"track id {track.TrackId} is listed twice";
            }

            if (track.Mid is null)
            {
                pending.Add(track);
                continue;
            }

            var media = Find(track.Mid);
            if (media is null || media.Rejected)
            {
                return $"track {track.TrackId} names mid {track.Mid}, which is not a usable m= line";
            }

            if (media.Kind != track.Kind)
            {
                return $"track {track.TrackId} is {track.Kind} but mid {track.Mid} is {media.Kind}";
            }

            if (!byMid.TryAdd(track.Mid, track))
            {
                return $"more than one track for mid {track.Mid}";
            }
        }

        // Same track already on a line: it stays there. Done before reuse so no other track takes that line.
        var rest = new List<OutgoingTrack>();
        foreach (var track in pending)
        {
            var home = FindFree(media => media.LocalTrack?.TrackId == track.TrackId && media.Kind == track.Kind);
            if (home is not null)
            {
                byMid[home.Mid] = track with { Mid = home.Mid };
            }
            else
            {
                rest.Add(track);
            }
        }

        foreach (var track in rest)
        {
            var reusable = FindFree(media => media.Kind == track.Kind && media.Direction == SdpDirection.Inactive && HasCodecsFor(media, track));
            if (reusable is not null)
            {
                byMid[reusable.Mid] = track with { Mid = reusable.Mid };
            }
            else
            {
                Unplaced.Add(track);
            }
        }

        return null;
    }

    private NegotiatedMedia? Find(string mid)
    {
        foreach (var media in existing)
        {
            if (media.Mid == mid)
            {
                return media;
            }
        }

        return null;
    }

    private NegotiatedMedia? FindFree(Func<NegotiatedMedia, bool> fits)
    {
        foreach (var media in existing)
        {
            if (!media.Rejected && !byMid.ContainsKey(media.Mid) && fits(media))
            {
                return media;
            }
        }

        return null;
    }

    /// <summary>A reused line cannot change its payload types, so it must already have every codec the track forwards.</summary>
    private static bool HasCodecsFor(NegotiatedMedia media, OutgoingTrack track)
    {
        if (track.Codecs is null)
        {
            return media.Codecs.Count > 0;
        }

        foreach (var wanted in track.Codecs)
        {
            var found = false;
            foreach (var codec in media.Codecs)
            {
                found |= codec.IsNamed(wanted.Name);
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
