namespace Sfu.Wire.Sdp.Parsing;

/// <summary>Source and stream attributes: msid (RFC 8830 section 2), ssrc and ssrc-group (RFC 5576 section 4),
/// rid (RFC 8851 section 10).</summary>
internal static class SdpSourceAttributeReader
{
    // a=msid:<stream id> [<track id>]
    public static string? ReadMsid(MediaDescription media, string? value)
    {
        var tokens = SdpTokens.Split(value ?? "");
        if (tokens.Length is < 1 or > 2)
        {
            return "a=msid needs <stream id> [<track id>]";
        }

        media.Msids.Add(new SdpMsid(tokens[0], tokens.Length == 2 ? tokens[1] : null));
        return null;
    }

    // a=ssrc:<ssrc-id> <attribute>[:<value>]; the value may hold spaces ("msid:stream track").
    public static string? ReadSsrc(MediaDescription media, string? value)
    {
        var (head, rest) = SdpTokens.SplitFirst(value ?? "");
        if (!SdpNumbers.TryUInt(head, out var ssrc))
        {
            return "a=ssrc id must be a 32-bit number";
        }

        if (rest.Length == 0)
        {
            return "a=ssrc needs an attribute";
        }

        var colon = rest.IndexOf(':');
        var name = colon < 0 ? rest : rest[..colon];
        if (!SdpTokens.IsToken(name))
        {
            return "a=ssrc attribute name must be a token";
        }

        media.Ssrcs.Add(new SdpSsrc(ssrc, name, colon < 0 ? null : rest[(colon + 1)..]));
        return null;
    }

    // a=ssrc-group:<semantics> <ssrc-id> ...
    public static string? ReadSsrcGroup(MediaDescription media, string? value)
    {
        var tokens = SdpTokens.Split(value ?? "");
        if (tokens.Length < 2)
        {
            return "a=ssrc-group needs <semantics> <ssrc> ...";
        }

        var ssrcs = new uint[tokens.Length - 1];
        for (var i = 1; i < tokens.Length; i++)
        {
            if (!SdpNumbers.TryUInt(tokens[i], out ssrcs[i - 1]))
            {
                return "a=ssrc-group ids must be 32-bit numbers";
            }
        }

        media.SsrcGroups.Add(new SdpSsrcGroup(tokens[0], ssrcs));
        return null;
    }

    // a=rid:<rid-id> <send|recv> [<pt=...;restriction=...>]
    public static string? ReadRid(MediaDescription media, string? value)
    {
        var tokens = SdpTokens.Split(value ?? "");
        if (tokens.Length < 2)
        {
            return "a=rid needs <id> <send|recv>";
        }

        if (!IsRidId(tokens[0]))
        {
            return "a=rid id must be letters, digits, '-' or '_'";
        }

        SdpRidDirection direction;
        switch (tokens[1])
        {
            case "send": direction = SdpRidDirection.Send; break;
            case "recv": direction = SdpRidDirection.Recv; break;
            default: return "a=rid direction must be send or recv";
        }

        var parameters = tokens.Length > 2 ? string.Join(' ', tokens, 2, tokens.Length - 2) : null;
        media.Rids.Add(new SdpRid(tokens[0], direction, parameters));
        return null;
    }

    /// <summary>rid-syntax = 1*(alpha-numeric / "-" / "_") (RFC 8851 section 10).</summary>
    public static bool IsRidId(string text)
    {
        if (text.Length is 0 or > 255)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
