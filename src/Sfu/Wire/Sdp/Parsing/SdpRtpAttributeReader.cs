namespace Sfu.Wire.Sdp.Parsing;

/// <summary>RTP payload and header-extension attributes: rtpmap, fmtp (RFC 8866 sections 6.6, 6.15),
/// rtcp-fb (RFC 4585 section 4.2), extmap (RFC 8285 section 8).</summary>
internal static class SdpRtpAttributeReader
{
    // a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
    public static string? ReadRtpMap(SdpParseContext context, MediaDescription media, string? value)
    {
        var (head, rest) = SdpTokens.SplitFirst(value ?? "");
        if (!SdpNumbers.TryPayloadType(head, out var payloadType))
        {
            return "a=rtpmap payload type must be 0-127";
        }

        if (!SdpTokens.IsToken(rest))
        {
            return "a=rtpmap needs <encoding>/<clock rate>";
        }

        var parts = rest.Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0)
        {
            return "a=rtpmap needs <encoding>/<clock rate>[/<channels>]";
        }

        if (!SdpNumbers.TryInt(parts[1], 1, int.MaxValue, out var clockRate))
        {
            return "a=rtpmap clock rate must be a positive number";
        }

        int? channels = null;
        if (parts.Length == 3)
        {
            if (!SdpNumbers.TryInt(parts[2], 1, 255, out var count))
            {
                return "a=rtpmap channels must be 1-255";
            }

            channels = count;
        }

        if (!context.RtpMapTypes.Add(payloadType))
        {
            return $"duplicate a=rtpmap for payload type {payloadType}";
        }

        media.RtpMaps.Add(new SdpRtpMap(payloadType, parts[0], clockRate, channels));
        return null;
    }

    // a=fmtp:<format> <format specific parameters>
    public static string? ReadFmtp(SdpParseContext context, MediaDescription media, string? value)
    {
        var (head, rest) = SdpTokens.SplitFirst(value ?? "");
        if (!SdpNumbers.TryPayloadType(head, out var payloadType))
        {
            return "a=fmtp payload type must be 0-127";
        }

        if (rest.Length == 0)
        {
            return "a=fmtp needs parameters";
        }

        if (!context.FmtpTypes.Add(payloadType))
        {
            return $"duplicate a=fmtp for payload type {payloadType}";
        }

        media.Fmtps.Add(new SdpFmtp(payloadType, rest));
        return null;
    }

    // a=rtcp-fb:<payload type or *> <type> [<subtype and parameters>]
    public static string? ReadRtcpFeedback(MediaDescription media, string? value)
    {
        var tokens = SdpTokens.Split(value ?? "");
        if (tokens.Length < 2)
        {
            return "a=rtcp-fb needs <payload type> <type>";
        }

        int? payloadType = null;
        if (tokens[0] != "*")
        {
            if (!SdpNumbers.TryPayloadType(tokens[0], out var pt))
            {
                return "a=rtcp-fb payload type must be 0-127 or *";
            }

            payloadType = pt;
        }

        var subtype = tokens.Length > 2 ? string.Join(' ', tokens, 2, tokens.Length - 2) : null;
        media.RtcpFeedbacks.Add(new SdpRtcpFeedback(payloadType, tokens[1], subtype));
        return null;
    }

    // a=extmap:<value>["/"<direction>] <URI> <extensionattributes>; ids 1-14 one-byte, 1-255 two-byte (RFC 8285 section 5).
    public static string? ReadExtmap(SdpParseContext context, MediaDescription media, string? value)
    {
        var tokens = SdpTokens.Split(value ?? "");
        if (tokens.Length < 2)
        {
            return "a=extmap needs <id> <uri>";
        }

        var idText = tokens[0];
        SdpDirection? direction = null;
        var slash = idText.IndexOf('/');
        if (slash >= 0)
        {
            if (!SdpEnumText.TryParseDirection(idText[(slash + 1)..], out var parsed))
            {
                return "a=extmap direction must be sendrecv, sendonly, recvonly or inactive";
            }

            direction = parsed;
            idText = idText[..slash];
        }

        if (!SdpNumbers.TryInt(idText, 1, 255, out var id))
        {
            return "a=extmap id must be 1-255";
        }

        if (!context.ExtmapIds.Add(id))
        {
            return $"duplicate a=extmap id {id}";
        }

        var attributes = tokens.Length > 2 ? string.Join(' ', tokens, 2, tokens.Length - 2) : null;
        media.Extmaps.Add(new SdpExtmap(id, direction, tokens[1], attributes));
        return null;
    }
}
