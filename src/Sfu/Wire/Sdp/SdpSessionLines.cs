namespace Sfu.Wire.Sdp;

/// <summary>o= line (RFC 8866 section 5.2): &lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;.</summary>
public sealed record SdpOrigin(string Username, ulong SessionId, ulong SessionVersion, string NetType, string AddressType, string Address)
{
    public override string ToString() => $"{Username} {SessionId} {SessionVersion} {NetType} {AddressType} {Address}";
}

/// <summary>c= line (RFC 8866 section 5.7). Address keeps any /ttl/count suffix as written.</summary>
public sealed record SdpConnection(string NetType, string AddressType, string Address)
{
    /// <summary>"IN IP4 0.0.0.0", what JSEP writes when no candidate is known (RFC 8829 section 5.2.1).</summary>
    public static SdpConnection Unspecified { get; } = new("IN", "IP4", "0.0.0.0");

    /// <summary>IN IP4 or IN IP6 depending on the address spelling.</summary>
    public static SdpConnection ForAddress(string address) => new("IN", address.Contains(':') ? "IP6" : "IP4", address);

    public override string ToString() => $"{NetType} {AddressType} {Address}";
}

/// <summary>b= line (RFC 8866 section 5.8), e.g. AS:2000 or TIAS:64000.</summary>
public sealed record SdpBandwidth(string Type, ulong Value)
{
    public override string ToString() => $"{Type}:{Value}";
}

/// <summary>t= line and the r= lines that follow it (RFC 8866 sections 5.9, 5.10). WebRTC always writes "t=0 0".</summary>
public sealed record SdpTiming(ulong Start, ulong Stop)
{
    /// <summary>r= lines, kept as written.</summary>
    public List<string> RepeatTimes { get; } = [];

    public bool Equals(SdpTiming? other)
        => other is not null && Start == other.Start && Stop == other.Stop && RepeatTimes.SequenceEqual(other.RepeatTimes);

    public override int GetHashCode() => HashCode.Combine(Start, Stop, RepeatTimes.Count);
}

/// <summary>An attribute this library does not model, kept verbatim (name, and value after the first colon or null for a flag).</summary>
public sealed record SdpAttribute(string Name, string? Value)
{
    public override string ToString() => Value is null ? Name : $"{Name}:{Value}";
}
