namespace Sfu.Wire.Sdp;

/// <summary>a=msid (RFC 8830 section 2): stream id ("-" for none) and optional track id.</summary>
public sealed record SdpMsid(string StreamId, string? TrackId)
{
    public override string ToString() => TrackId is null ? StreamId : $"{StreamId} {TrackId}";
}

/// <summary>a=ssrc (RFC 5576 section 4.1): &lt;ssrc&gt; &lt;attribute&gt;[:&lt;value&gt;], e.g. "1234 cname:abc".</summary>
public sealed record SdpSsrc(uint Ssrc, string Attribute, string? Value)
{
    public override string ToString() => Value is null ? $"{Ssrc} {Attribute}" : $"{Ssrc} {Attribute}:{Value}";
}

/// <summary>a=ssrc-group (RFC 5576 section 4.2): FID (media, rtx) or SIM (simulcast layers, low to high).</summary>
public sealed record SdpSsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs)
{
    // Value equality over the list too (a record alone would compare the list reference); the SDP text is the value.
    public bool Equals(SdpSsrcGroup? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Ssrcs.Count == 0 ? Semantics : Semantics + " " + string.Join(' ', Ssrcs);
}

/// <summary>a=rid (RFC 8851 section 10): id, send/recv and the optional restriction list ("pt=96;max-width=1280").</summary>
public sealed record SdpRid(string Id, SdpRidDirection Direction, string? Parameters)
{
    public override string ToString() => Parameters is null ? $"{Id} {Direction.ToSdp()}" : $"{Id} {Direction.ToSdp()} {Parameters}";
}

/// <summary>One rid inside a=simulcast, paused when written with a leading '~' (RFC 8853 section 5.1).</summary>
public sealed record SdpSimulcastRid(string Id, bool Paused)
{
    public override string ToString() => Paused ? "~" + Id : Id;
}

/// <summary>One simulcast stream: alternative rids separated by ',' (usually just one).</summary>
public sealed record SdpSimulcastStream(IReadOnlyList<SdpSimulcastRid> Alternatives)
{
    // Value equality over the list too (a record alone would compare the list reference); the SDP text is the value.
    public bool Equals(SdpSimulcastStream? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public override string ToString() => string.Join(',', Alternatives);
}

/// <summary>a=simulcast (RFC 8853 section 5.1): "send q;h;f", "recv a;b", or both.</summary>
public sealed record SdpSimulcast(IReadOnlyList<SdpSimulcastStream> Send, IReadOnlyList<SdpSimulcastStream> Receive)
{
    // Value equality over the list too (a record alone would compare the list reference); the SDP text is the value.
    public bool Equals(SdpSimulcast? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public override string ToString()
    {
        var send = Send.Count == 0 ? null : "send " + string.Join(';', Send);
        var recv = Receive.Count == 0 ? null : "recv " + string.Join(';', Receive);
        return send is null ? recv ?? "" : recv is null ? send : send + " " + recv;
    }
}
