namespace Sfu.Wire.Sdp.Parsing;

/// <summary>
/// Splits SDP text into &lt;type&gt;=&lt;value&gt; lines (RFC 8866 section 5) and fills a <see cref="SessionDescription"/>.
/// Accepts CRLF or LF line ends, ignores blank lines and trailing whitespace; anything else malformed is an error
/// "line N: ...". Never throws.
/// </summary>
internal static class SdpReader
{
    /// <summary>Caps that keep later linear scans (negotiation) cheap on hostile input; real sessions stay far below.</summary>
    internal const int MaxMediaSections = 1024;
    internal const int MaxFormats = 512;

    public static bool TryRead(string? text, out SessionDescription? sdp, out string? error)
    {
        sdp = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty SDP";
            return false;
        }

        if (text.Length > SessionDescription.MaxTextLength)
        {
            error = "SDP longer than " + SessionDescription.MaxTextLength + " characters";
            return false;
        }

        var context = new SdpParseContext();
        var lineNumber = 0;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            lineNumber++;
            var line = text.AsSpan(start, end - start).TrimEnd(" \t\r");
            start = end + 1;
            if (line.IsEmpty)
            {
                continue;
            }

            var lineError = ReadLine(context, line);
            if (lineError is not null)
            {
                error = $"line {lineNumber}: {lineError}";
                return false;
            }
        }

        error = context.Finish();
        if (error is not null)
        {
            return false;
        }

        sdp = context.Sdp;
        return true;
    }

    private static string? ReadLine(SdpParseContext context, ReadOnlySpan<char> line)
    {
        if (line.Length < 2 || line[1] != '=')
        {
            return "not a <type>=<value> line";
        }

        foreach (var c in line)
        {
            if (c < ' ' && c != '\t')
            {
                return "control character in line";
            }
        }

        var type = line[0];
        var value = line[2..].ToString();
        if (!context.SeenVersion)
        {
            return type == 'v' ? ReadVersion(context, value) : "SDP must start with v=";
        }

        // RFC 8866 section 5: v=, o=, s= open every description in that order.
        if (!context.SeenOrigin && type != 'o')
        {
            return "o= must follow v=";
        }

        if (context.SeenOrigin && !context.SeenSessionName && type != 's')
        {
            return "s= must follow o=";
        }

        if (type == 'm')
        {
            return ReadMediaLine(context, value);
        }

        if (context.Media is { } media)
        {
            return ReadMediaLevelLine(context, media, type, value);
        }

        return SdpSessionLineReader.Read(context, type, value);
    }

    private static string? ReadVersion(SdpParseContext context, string value)
    {
        if (value != "0")
        {
            return "only v=0 is defined";
        }

        context.SeenVersion = true;
        return null;
    }

    // RFC 8866 section 5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
    private static string? ReadMediaLine(SdpParseContext context, string value)
    {
        var missing = context.MissingSessionLines();
        if (missing is not null)
        {
            return missing;
        }

        var tokens = SdpTokens.Split(value);
        if (tokens.Length < 3)
        {
            return "m= needs media, port and protocol";
        }

        if (tokens.Length - 3 > MaxFormats)
        {
            return "m= has more than " + MaxFormats + " formats";
        }

        if (context.Sdp.Media.Count >= MaxMediaSections)
        {
            return "more than " + MaxMediaSections + " m= sections";
        }

        var portText = tokens[1].AsSpan();
        int? portCount = null;
        var slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpNumbers.TryInt(portText[(slash + 1)..], 1, 65535, out var count))
            {
                return "m= port count is not a number";
            }

            portCount = count;
            portText = portText[..slash];
        }

        if (!SdpNumbers.TryPort(portText, out var port))
        {
            return "m= port is not 0-65535";
        }

        var media = new MediaDescription(tokens[0], port, tokens[2], tokens.AsSpan(3).ToArray()) { PortCount = portCount };
        context.StartMedia(media);
        return null;
    }

    private static string? ReadMediaLevelLine(SdpParseContext context, MediaDescription media, char type, string value)
    {
        switch (type)
        {
            case 'i':
                if (media.Information is not null)
                {
                    return "duplicate i= in m= section";
                }

                media.Information = value;
                return null;
            case 'c':
                // Several c= lines are legal for multicast layers; WebRTC never uses them, so the first one is kept.
                if (!SdpSessionLineReader.TryReadConnection(value, out var connection))
                {
                    return "c= needs <nettype> <addrtype> <address>";
                }

                media.Connection ??= connection;
                return null;
            case 'b':
                if (!SdpSessionLineReader.TryReadBandwidth(value, out var bandwidth))
                {
                    return "b= must be <type>:<number>";
                }

                media.Bandwidths.Add(bandwidth!);
                return null;
            case 'k':
                media.EncryptionKey = value;
                return null;
            case 'a':
                return SdpAttributeLine.TrySplit(value, out var name, out var attributeValue)
                    ? SdpMediaAttributeReader.Read(context, media, name, attributeValue)
                    : "attribute without a name";
            default:
                return $"{type}= is not allowed in an m= section";
        }
    }
}
