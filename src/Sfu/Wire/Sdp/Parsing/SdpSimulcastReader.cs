namespace Sfu.Wire.Sdp.Parsing;

/// <summary>
/// a=simulcast (RFC 8853 section 5.1): sc-value = (sc-send [SP sc-recv]) / (sc-recv [SP sc-send]);
/// sc-str-list = sc-alt-list *(";" sc-alt-list); sc-alt-list = sc-id *("," sc-id); sc-id = ["~"] rid-id.
/// Also accepts the older "send rid=a;b" spelling from draft-ietf-mmusic-sdp-simulcast-03 that early Firefox sent.
/// </summary>
internal static class SdpSimulcastReader
{
    public static string? Read(MediaDescription media, string? value)
    {
        if (media.Simulcast is not null)
        {
            return "duplicate a=simulcast";
        }

        var tokens = SdpTokens.Split(value ?? "");
        if (tokens.Length is not (2 or 4))
        {
            return "a=simulcast needs send/recv followed by a rid list";
        }

        List<SdpSimulcastStream>? send = null;
        List<SdpSimulcastStream>? receive = null;
        for (var i = 0; i < tokens.Length; i += 2)
        {
            var streams = ReadStreams(tokens[i + 1]);
            if (streams is null)
            {
                return "a=simulcast rid list is malformed";
            }

            if (tokens[i] == "send" && send is null)
            {
                send = streams;
            }
            else if (tokens[i] == "recv" && receive is null)
            {
                receive = streams;
            }
            else
            {
                return "a=simulcast direction must be send or recv, each at most once";
            }
        }

        media.Simulcast = new SdpSimulcast(send ?? [], receive ?? []);
        return null;
    }

    private static List<SdpSimulcastStream>? ReadStreams(string list)
    {
        if (list.StartsWith("rid=", StringComparison.Ordinal))
        {
            list = list[4..];
        }

        var streams = new List<SdpSimulcastStream>();
        foreach (var streamText in list.Split(';'))
        {
            var alternatives = new List<SdpSimulcastRid>();
            foreach (var idText in streamText.Split(','))
            {
                var paused = idText.StartsWith('~');
                var id = paused ? idText[1..] : idText;
                if (!SdpSourceAttributeReader.IsRidId(id))
                {
                    return null;
                }

                alternatives.Add(new SdpSimulcastRid(id, paused));
            }

            streams.Add(new SdpSimulcastStream(alternatives));
        }

        return streams;
    }
}
