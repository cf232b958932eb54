namespace Sfu.Wire.Sdp.Parsing;

/// <summary>ICE, DTLS and grouping attributes: ice-ufrag/pwd/options (RFC 8839 section 5.4-5.6), fingerprint
/// (RFC 8122 section 5), setup (RFC 4145 section 4), group (RFC 5888 section 5), rtcp (RFC 3605), candidate.</summary>
internal static class SdpTransportAttributeReader
{
    public static string? ReadIceCredential(string name, string? value, string? existing, Action<string> set)
    {
        if (existing is not null)
        {
            return $"duplicate a={name}";
        }

        var credential = value?.Trim() ?? "";
        if (!SdpTokens.IsToken(credential))
        {
            return $"a={name} needs one token";
        }

        set(credential);
        return null;
    }

    public static string? ReadIceOptions(List<string> options, string? value)
    {
        var tokens = SdpTokens.Split(value ?? "");
        if (tokens.Length == 0)
        {
            return "a=ice-options needs at least one option";
        }

        options.AddRange(tokens);
        return null;
    }

    // a=fingerprint:<hash-func> <fingerprint>, fingerprint = 2UHEX *(":" 2UHEX)
    public static string? ReadFingerprint(List<SdpFingerprint> fingerprints, string? value)
    {
        var tokens = SdpTokens.Split(value ?? "");
        if (tokens.Length != 2)
        {
            return "a=fingerprint needs <hash function> <hex>";
        }

        if (!IsColonHex(tokens[1]))
        {
            return "a=fingerprint value must be colon-separated hex bytes";
        }

        fingerprints.Add(new SdpFingerprint(tokens[0], tokens[1]));
        return null;
    }

    public static string? ReadSetup(string? value, SdpSetupRole? existing, Action<SdpSetupRole> set)
    {
        if (existing is not null)
        {
            return "duplicate a=setup";
        }

        if (!SdpEnumText.TryParseSetup(value?.Trim() ?? "", out var role))
        {
            return "a=setup must be actpass, active, passive or holdconn";
        }

        set(role);
        return null;
    }

    public static string? ReadGroup(List<SdpGroup> groups, string? value)
    {
        var tokens = SdpTokens.Split(value ?? "");
        if (tokens.Length == 0)
        {
            return "a=group needs semantics";
        }

        groups.Add(new SdpGroup(tokens[0], tokens[1..]));
        return null;
    }

    // a=rtcp:<port> [<nettype> <addrtype> <connection-address>] (RFC 3605 section 2.1)
    public static string? ReadRtcp(MediaDescription media, string? value)
    {
        if (media.Rtcp is not null)
        {
            return "duplicate a=rtcp";
        }

        var tokens = SdpTokens.Split(value ?? "");
        if ((tokens.Length != 1 && tokens.Length != 4) || !SdpNumbers.TryPort(tokens[0], out var port))
        {
            return "a=rtcp needs <port> [<nettype> <addrtype> <address>]";
        }

        media.Rtcp = new SdpRtcp(port, tokens.Length == 4 ? new SdpConnection(tokens[1], tokens[2], tokens[3]) : null);
        return null;
    }

    public static string? ReadCandidate(MediaDescription media, string? value)
    {
        if (!SdpCandidate.TryParseValue(value ?? "", out var candidate, out var error))
        {
            return error;
        }

        media.Candidates.Add(candidate!);
        return null;
    }

    private static bool IsColonHex(string text)
    {
        // Groups of two hex digits separated by ':'; length 3n-1.
        if (text.Length < 2 || (text.Length + 1) % 3 != 0)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var ok = i % 3 == 2 ? text[i] == ':' : char.IsAsciiHexDigit(text[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
