using System.Globalization;
using System.Text;
using Sfu.Wire.Sdp.Parsing;

namespace Sfu.Wire.Sdp;

/// <summary>
/// a=candidate (RFC 8839 section 5.1):
/// foundation SP component-id SP transport SP priority SP connection-address SP port SP "typ" SP cand-type
/// [SP "raddr" SP rel-addr] [SP "rport" SP rel-port] *(SP extension-att-name SP extension-att-value).
/// Also the value of trickled candidates (RFC 8840), so <see cref="TryParse"/> accepts it with or without "a=candidate:".
/// </summary>
public sealed record SdpCandidate(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    string Address,
    int Port,
    string Type,
    string? RelatedAddress,
    int? RelatedPort,
    IReadOnlyList<KeyValuePair<string, string>> Extensions)
{
    // Value equality over the list too (a record alone would compare the list reference); the SDP text is the value.
    public bool Equals(SdpCandidate? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary>The "generation" extension Chrome adds, when present and numeric.</summary>
    public int? Generation => TryGetExtension("generation", out var value)
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var generation) ? generation : null;

    /// <summary>"active", "passive" or "so" for TCP candidates (RFC 6544 section 4.5).</summary>
    public string? TcpType => TryGetExtension("tcptype", out var value) ? value : null;

    public bool IsUdp => string.Equals(Transport, "udp", StringComparison.OrdinalIgnoreCase);

    public bool TryGetExtension(string name, out string value)
    {
        foreach (var pair in Extensions)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = pair.Value;
                return true;
            }
        }

        value = "";
        return false;
    }

    /// <summary>A host candidate for our own UDP socket; priority per RFC 8445 section 5.1.2.1 (type preference 126).</summary>
    public static SdpCandidate Host(string foundation, string address, int port, ushort localPreference, int component = 1)
    {
        var priority = (126u << 24) | ((uint)localPreference << 8) | (uint)(256 - component);
        return new SdpCandidate(foundation, component, "udp", priority, address, port, "host", null, null, []);
    }

    /// <summary>Parses "candidate:..." (or "a=candidate:..." or just the value). Never throws.</summary>
    public static bool TryParse(string? text, out SdpCandidate? candidate, out string? error)
    {
        candidate = null;
        var value = (text ?? "").Trim();
        if (value.StartsWith("a=", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (value.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            value = value["candidate:".Length..];
        }

        return TryParseValue(value, out candidate, out error);
    }

    /// <summary>Parses the attribute value after "candidate:".</summary>
    internal static bool TryParseValue(string value, out SdpCandidate? candidate, out string? error)
    {
        candidate = null;
        var tokens = value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 8)
        {
            error = "candidate needs at least 8 fields";
            return false;
        }

        if (!IsFoundation(tokens[0]))
        {
            error = "candidate foundation must be 1-32 of ALPHA / DIGIT / '+' / '/'";
            return false;
        }

        if (!SdpNumbers.TryInt(tokens[1], 1, 256, out var component))
        {
            error = "candidate component id must be 1-256";
            return false;
        }

        if (!SdpNumbers.TryUInt(tokens[3], out var priority))
        {
            error = "candidate priority is not a 32-bit number";
            return false;
        }

        if (!SdpNumbers.TryPort(tokens[5], out var port))
        {
            error = "candidate port is not 0-65535";
            return false;
        }

        if (tokens[6] != "typ")
        {
            error = "candidate lacks 'typ'";
            return false;
        }

        string? relatedAddress = null;
        int? relatedPort = null;
        var index = 8;
        if (index + 1 < tokens.Length && tokens[index] == "raddr")
        {
            relatedAddress = tokens[index + 1];
            index += 2;
        }

        if (index + 1 < tokens.Length && tokens[index] == "rport")
        {
            if (!SdpNumbers.TryPort(tokens[index + 1], out var rport))
            {
                error = "candidate rport is not 0-65535";
                return false;
            }

            relatedPort = rport;
            index += 2;
        }

        if ((tokens.Length - index) % 2 != 0)
        {
            error = "candidate extension without a value";
            return false;
        }

        var extensions = new List<KeyValuePair<string, string>>((tokens.Length - index) / 2);
        for (; index < tokens.Length; index += 2)
        {
            extensions.Add(new KeyValuePair<string, string>(tokens[index], tokens[index + 1]));
        }

        candidate = new SdpCandidate(tokens[0], component, tokens[2], priority, tokens[4], port, tokens[7], relatedAddress, relatedPort, extensions);
        error = null;
        return true;
    }

    /// <summary>The attribute value (without "candidate:").</summary>
    public override string ToString()
    {
        var text = new StringBuilder(96);
        text.Append(Foundation).Append(' ').Append(Component.ToString(CultureInfo.InvariantCulture))
            .Append(' ').Append(Transport).Append(' ').Append(Priority.ToString(CultureInfo.InvariantCulture))
            .Append(' ').Append(Address).Append(' ').Append(Port.ToString(CultureInfo.InvariantCulture))
            .Append(" typ ").Append(Type);
        if (RelatedAddress is not null)
        {
            text.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is { } rport)
        {
            text.Append(" rport ").Append(rport.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var pair in Extensions)
        {
            text.Append(' ').Append(pair.Key).Append(' ').Append(pair.Value);
        }

        return text.ToString();
    }

    private static bool IsFoundation(string text)
    {
        if (text.Length is 0 or > 32)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/'))
            {
                return false;
            }
        }

        return true;
    }
}
