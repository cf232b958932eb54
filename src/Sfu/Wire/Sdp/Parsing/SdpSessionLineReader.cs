namespace Sfu.Wire.Sdp.Parsing;

/// <summary>The session part of an SDP (RFC 8866 sections 5.1-5.13), every line type before the first m=.</summary>
internal static class SdpSessionLineReader
{
    public static string? Read(SdpParseContext context, char type, string value)
    {
        var sdp = context.Sdp;
        switch (type)
        {
            case 'v':
                return "duplicate v=";
            case 'o':
                return ReadOrigin(context, value);
            case 's':
                if (context.SeenSessionName)
                {
                    return "duplicate s=";
                }

                context.SeenSessionName = true;
                sdp.SessionName = value;
                return null;
            case 'i':
                if (sdp.Information is not null)
                {
                    return "duplicate i=";
                }

                sdp.Information = value;
                return null;
            case 'u':
                sdp.Uri = value;
                return null;
            case 'e':
                sdp.Emails.Add(value);
                return null;
            case 'p':
                sdp.Phones.Add(value);
                return null;
            case 'c':
                if (!TryReadConnection(value, out var connection))
                {
                    return "c= needs <nettype> <addrtype> <address>";
                }

                sdp.Connection = connection;
                return null;
            case 'b':
                if (!TryReadBandwidth(value, out var bandwidth))
                {
                    return "b= must be <type>:<number>";
                }

                sdp.Bandwidths.Add(bandwidth!);
                return null;
            case 't':
                return ReadTiming(sdp, value);
            case 'r':
                if (sdp.Timings.Count == 0)
                {
                    return "r= before any t=";
                }

                sdp.Timings[^1].RepeatTimes.Add(value);
                return null;
            case 'z':
                sdp.TimeZones = value;
                return null;
            case 'k':
                sdp.EncryptionKey = value;
                return null;
            case 'a':
                return SdpAttributeLine.TrySplit(value, out var name, out var attributeValue)
                    ? SdpSessionAttributeReader.Read(sdp, name, attributeValue)
                    : "attribute without a name";
            default:
                // RFC 8866 section 5: a parser must ignore or reject unknown types; rejecting keeps round trips exact.
                return $"unknown line type {type}=";
        }
    }

    // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> (RFC 8866 section 5.2)
    private static string? ReadOrigin(SdpParseContext context, string value)
    {
        if (context.SeenOrigin)
        {
            return "duplicate o=";
        }

        var tokens = SdpTokens.Split(value);
        if (tokens.Length != 6)
        {
            return "o= needs 6 fields";
        }

        if (!SdpNumbers.TryULong(tokens[1], out var sessionId) || !SdpNumbers.TryULong(tokens[2], out var sessionVersion))
        {
            return "o= session id and version must be numbers";
        }

        context.SeenOrigin = true;
        context.Sdp.Origin = new SdpOrigin(tokens[0], sessionId, sessionVersion, tokens[3], tokens[4], tokens[5]);
        return null;
    }

    // t=<start-time> <stop-time> (RFC 8866 section 5.9)
    private static string? ReadTiming(SessionDescription sdp, string value)
    {
        var tokens = SdpTokens.Split(value);
        if (tokens.Length != 2 || !SdpNumbers.TryULong(tokens[0], out var start) || !SdpNumbers.TryULong(tokens[1], out var stop))
        {
            return "t= needs <start> <stop> numbers";
        }

        sdp.Timings.Add(new SdpTiming(start, stop));
        return null;
    }

    // c=<nettype> <addrtype> <connection-address> (RFC 8866 section 5.7)
    public static bool TryReadConnection(string value, out SdpConnection? connection)
    {
        var tokens = SdpTokens.Split(value);
        connection = tokens.Length == 3 ? new SdpConnection(tokens[0], tokens[1], tokens[2]) : null;
        return connection is not null;
    }

    // b=<bwtype>:<bandwidth> (RFC 8866 section 5.8)
    public static bool TryReadBandwidth(string value, out SdpBandwidth? bandwidth)
    {
        bandwidth = null;
        var colon = value.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        var type = value[..colon];
        if (!SdpTokens.IsToken(type) || !SdpNumbers.TryULong(value.AsSpan(colon + 1), out var amount))
        {
            return false;
        }

        bandwidth = new SdpBandwidth(type, amount);
        return true;
    }
}
