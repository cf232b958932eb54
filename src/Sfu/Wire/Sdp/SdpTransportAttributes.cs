namespace Sfu.Wire.Sdp;

/// <summary>a=fingerprint (RFC 8122 section 5): hash function name and the colon-separated upper-case hex digest.</summary>
public sealed record SdpFingerprint(string Algorithm, string Value)
{
    public override string ToString() => $"{Algorithm} {Value}";
}

/// <summary>a=group (RFC 5888 section 5), e.g. BUNDLE 0 1 2 (RFC 8843).</summary>
public sealed record SdpGroup(string Semantics, IReadOnlyList<string> Mids)
{
    // Value equality over the list too (a record alone would compare the list reference); the SDP text is the value.
    public bool Equals(SdpGroup? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public bool IsBundle => string.Equals(Semantics, "BUNDLE", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Mids.Count == 0 ? Semantics : Semantics + " " + string.Join(' ', Mids);
}

/// <summary>a=msid-semantic (draft-ietf-mmusic-msid, still sent by browsers): usually "WMS" with optional stream ids or "*".</summary>
public sealed record SdpMsidSemantic(string Semantic, IReadOnlyList<string> Identifiers)
{
    // Value equality over the list too (a record alone would compare the list reference); the SDP text is the value.
    public bool Equals(SdpMsidSemantic? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Identifiers.Count == 0 ? Semantic : Semantic + " " + string.Join(' ', Identifiers);
}

/// <summary>a=rtcp (RFC 3605): port and optional connection address.</summary>
public sealed record SdpRtcp(int Port, SdpConnection? Connection)
{
    public override string ToString() => Connection is null ? Port.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Port} {Connection}";
}
