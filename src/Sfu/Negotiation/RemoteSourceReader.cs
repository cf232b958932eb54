using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>Reads what the browser sends on an m= line: msid, SSRCs with their RTX (FID), simulcast (SIM or rids).</summary>
internal static class RemoteSourceReader
{
    /// <summary>
    /// What was agreed the browser sends. Unless <see cref="CodecPolicy.AcceptSimulcast"/>, its rids are dropped: the
    /// server's description then carries no a=rid/a=simulcast (the browser falls back to one encoding, RFC 8853 section
    /// 5.3), and later server offers, written from the agreed session, do not ask for simulcast either.
    /// </summary>
    public static RemoteSource Read(MediaDescription media, CodecPolicy policy)
    {
        var remote = Read(media);
        if (policy.AcceptSimulcast || remote.Rids.Count == 0)
        {
            return remote;
        }

        // Declined, the browser sends its first encoding only. Firefox lists an SSRC (and FID pair) per rid without a
        // SIM group: keeping them all would describe SSRC-simulcast layers that never arrive.
        return remote with { Rids = [], Encodings = remote.Encodings.Count > 1 ? [remote.Encodings[0]] : remote.Encodings };
    }

    public static RemoteSource Read(MediaDescription media)
    {
        var (streamId, trackId) = ReadMsid(media);
        string? cname = null;
        var ssrcs = new List<uint>();
        var seen = new HashSet<uint>();
        foreach (var line in media.Ssrcs)
        {
            if (seen.Add(line.Ssrc))
            {
                ssrcs.Add(line.Ssrc);
            }

            if (cname is null && line.Attribute == "cname")
            {
                cname = line.Value;
            }
        }

        // RFC 5576 section 4.2 FID: (media, retransmission). Anything that is the second of a FID pair, or of a FEC-FR
        // pair, is not an encoding of its own.
        var rtxByMedia = new Dictionary<uint, uint>();
        var repairs = new HashSet<uint>();
        uint[]? simulcast = null;
        foreach (var group in media.SsrcGroups)
        {
            if (group.Ssrcs.Count >= 2 && (group.Semantics == "FID" || group.Semantics == "FEC-FR"))
            {
                if (group.Semantics == "FID")
                {
                    rtxByMedia.TryAdd(group.Ssrcs[0], group.Ssrcs[1]);
                }

                for (var i = 1; i < group.Ssrcs.Count; i++)
                {
                    repairs.Add(group.Ssrcs[i]);
                }
            }
            else if (group.Semantics == "SIM" && simulcast is null)
            {
                simulcast = [.. group.Ssrcs];
            }
        }

        var encodings = new List<RemoteEncoding>();
        foreach (var ssrc in simulcast ?? [.. ssrcs])
        {
            if (!repairs.Contains(ssrc))
            {
                encodings.Add(new RemoteEncoding(ssrc, rtxByMedia.TryGetValue(ssrc, out var rtx) ? rtx : null));
            }
        }

        return new RemoteSource(streamId, trackId, cname, encodings, ReadSendRids(media));
    }

    /// <summary>Rids the sender sends, in a=simulcast order when present (RFC 8853 section 5.1), else a=rid order.</summary>
    public static List<string> ReadSendRids(MediaDescription media)
    {
        var declared = new List<string>();
        var declaredSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rid in media.Rids)
        {
            if (rid.Direction == SdpRidDirection.Send && declaredSet.Add(rid.Id))
            {
                declared.Add(rid.Id);
            }
        }

        if (media.Simulcast is not { Send.Count: > 0 } simulcast)
        {
            return declared;
        }

        var ordered = new List<string>(declared.Count);
        var orderedSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stream in simulcast.Send)
        {
            foreach (var alternative in stream.Alternatives)
            {
                if (declaredSet.Contains(alternative.Id) && orderedSet.Add(alternative.Id))
                {
                    ordered.Add(alternative.Id);
                    break;
                }
            }
        }

        return ordered;
    }

    private static (string? StreamId, string? TrackId) ReadMsid(MediaDescription media)
    {
        if (media.Msids.Count > 0)
        {
            return (media.Msids[0].StreamId, media.Msids[0].TrackId);
        }

        // Older senders put it on the SSRC: a=ssrc:<id> msid:<stream> <track> (RFC 8830 appendix, Plan B).
        foreach (var line in media.Ssrcs)
        {
            if (line.Attribute == "msid" && line.Value is { Length: > 0 } value)
            {
                var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length > 0)
                {
                    return (parts[0], parts.Length > 1 ? parts[1] : null);
                }
            }
        }

        return (null, null);
    }
}
