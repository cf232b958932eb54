namespace Sfu.Wire.Sdp;

/// <summary>a=rtpmap (RFC 8866 section 6.6): &lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;channels&gt;].</summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels)
{
    public override string ToString() => Channels is { } channels
        ? $"{PayloadType} {EncodingName}/{ClockRate}/{channels}"
        : $"{PayloadType} {EncodingName}/{ClockRate}";
}

/// <summary>a=fmtp (RFC 8866 section 6.15): the format's parameter string, and its key=value pairs split on ';'.</summary>
public sealed record SdpFmtp(int PayloadType, string Parameters)
{
    private IReadOnlyList<KeyValuePair<string, string>>? pairs;

    // The lazily split pairs are a cache, not part of the value.
    public bool Equals(SdpFmtp? other) => other is not null && PayloadType == other.PayloadType && Parameters == other.Parameters;

    public override int GetHashCode() => HashCode.Combine(PayloadType, Parameters);

    /// <summary>"a=b;c=d" as (a,b),(c,d); a part without '=' (e.g. "111/111" for RED, "0-15") is a key with an empty value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => pairs ??= SplitPairs(Parameters);

    /// <summary>The value of a parameter, keys compared case-insensitively (they are case-insensitive in the codec RFCs).</summary>
    public bool TryGetParameter(string key, out string value)
    {
        foreach (var pair in Pairs)
        {
            if (string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                value = pair.Value;
                return true;
            }
        }

        value = "";
        return false;
    }

    public override string ToString() => $"{PayloadType} {Parameters}";

    private static List<KeyValuePair<string, string>> SplitPairs(string parameters)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var part in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            result.Add(equals < 0
                ? new KeyValuePair<string, string>(part, "")
                : new KeyValuePair<string, string>(part[..equals].Trim(), part[(equals + 1)..].Trim()));
        }

        return result;
    }
}

/// <summary>a=rtcp-fb (RFC 4585 section 4.2): payload type (null for "*"), type ("nack", "ccm", "goog-remb"...) and optional subtype ("pli", "fir").</summary>
public sealed record SdpRtcpFeedback(int? PayloadType, string Type, string? Subtype)
{
    /// <summary>"nack", "nack pli", "ccm fir": the form policies and <see cref="Negotiation.NegotiatedCodec.Feedback"/> use.</summary>
    public string Value => Subtype is null ? Type : Type + " " + Subtype;

    public override string ToString() => (PayloadType is { } pt ? pt.ToString(System.Globalization.CultureInfo.InvariantCulture) : "*") + " " + Value;
}

/// <summary>a=extmap (RFC 8285 section 8): id, optional direction, URI and optional extension attributes.</summary>
public sealed record SdpExtmap(int Id, SdpDirection? Direction, string Uri, string? Attributes)
{
    public override string ToString()
    {
        var head = Direction is { } direction ? $"{Id}/{direction.ToSdp()}" : Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Attributes is null ? $"{head} {Uri}" : $"{head} {Uri} {Attributes}";
    }
}
