namespace Sfu.Wire.Sdp.Parsing;

/// <summary>Whitespace tokenizing and attribute-line splitting shared by the readers.</summary>
internal static class SdpTokens
{
    private static readonly char[] Whitespace = [' ', '\t'];

    public static string[] Split(string value) => value.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Splits off the first token: "96 VP8/90000" -> ("96", "VP8/90000"). Rest is trimmed, empty when absent.</summary>
    public static (string Head, string Tail) SplitFirst(string value)
    {
        var trimmed = value.Trim(Whitespace);
        var space = trimmed.IndexOfAny(Whitespace);
        return space < 0 ? (trimmed, "") : (trimmed[..space], trimmed[(space + 1)..].Trim(Whitespace));
    }

    /// <summary>Token as RFC 8866 section 9 defines it, loosely: non-empty and no whitespace.</summary>
    public static bool IsToken(string text) => text.Length > 0 && text.IndexOfAny(Whitespace) < 0;
}

/// <summary>a=&lt;name&gt;[:&lt;value&gt;] (RFC 8866 section 5.13).</summary>
internal static class SdpAttributeLine
{
    public static bool TrySplit(string line, out string name, out string? value)
    {
        var colon = line.IndexOf(':');
        name = colon < 0 ? line : line[..colon];
        value = colon < 0 ? null : line[(colon + 1)..];
        return name.Length > 0;
    }
}
