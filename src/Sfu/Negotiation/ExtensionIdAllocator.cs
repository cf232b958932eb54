using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>
/// Header extension ids for m= lines the server adds: the id the session already uses for that URI (ids are shared
/// across a BUNDLE, RFC 8843 section 9.2), else Chrome's usual id if free, else the lowest free one-byte id 1-14
/// (RFC 8285 section 4.2).
/// </summary>
internal sealed class ExtensionIdAllocator
{
    private readonly Dictionary<string, int> idByUri = new(StringComparer.Ordinal);
    private readonly HashSet<int> used = [];

    public ExtensionIdAllocator(NegotiatedSession? current)
    {
        if (current is null)
        {
            return;
        }

        foreach (var media in current.Media)
        {
            if (media.Rejected)
            {
                continue;
            }

            foreach (var extmap in media.HeaderExtensions)
            {
                idByUri.TryAdd(extmap.Uri, extmap.Id);
                used.Add(extmap.Id);
            }
        }
    }

    /// <summary>Extmap lines for these URIs; a URI is left out when no id is free.</summary>
    public List<SdpExtmap> Allocate(IReadOnlyList<string> uris)
    {
        var result = new List<SdpExtmap>(uris.Count);
        foreach (var uri in uris)
        {
            var id = Allocate(uri);
            if (id > 0)
            {
                result.Add(new SdpExtmap(id, null, uri, null));
            }
        }

        return result;
    }

    private int Allocate(string uri)
    {
        if (idByUri.TryGetValue(uri, out var existing))
        {
            return existing;
        }

        var preferred = CodecPolicy.PreferredExtensionId(uri);
        var id = preferred > 0 && !used.Contains(preferred) ? preferred : 0;
        for (var candidate = 1; id == 0 && candidate <= 14; candidate++)
        {
            if (!used.Contains(candidate))
            {
                id = candidate;
            }
        }

        if (id > 0)
        {
            used.Add(id);
            idByUri[uri] = id;
        }

        return id;
    }
}
