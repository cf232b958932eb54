namespace Sfu.Wire.Sdp.Parsing;

/// <summary>Session-level a= lines. Unknown ones are kept in <see cref="SessionDescription.OtherAttributes"/>.</summary>
internal static class SdpSessionAttributeReader
{
    public static string? Read(SessionDescription sdp, string name, string? value)
    {
        switch (name)
        {
            case "group":
                return SdpTransportAttributeReader.ReadGroup(sdp.Groups, value);
            case "ice-lite":
                return SdpFlag.Set(name, value, () => sdp.IceLite = true);
            case "ice-options":
                return SdpTransportAttributeReader.ReadIceOptions(sdp.IceOptions, value);
            case "ice-ufrag":
                return SdpTransportAttributeReader.ReadIceCredential(name, value, sdp.IceUfrag, v => sdp.IceUfrag = v);
            case "ice-pwd":
                return SdpTransportAttributeReader.ReadIceCredential(name, value, sdp.IcePwd, v => sdp.IcePwd = v);
            case "fingerprint":
                return SdpTransportAttributeReader.ReadFingerprint(sdp.Fingerprints, value);
            case "setup":
                return SdpTransportAttributeReader.ReadSetup(value, sdp.Setup, role => sdp.Setup = role);
            case "msid-semantic":
                return ReadMsidSemantic(sdp, value);
            case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                return SdpMediaAttributeReader.ReadDirection(name, value, sdp.Direction, direction => sdp.Direction = direction);
            default:
                sdp.OtherAttributes.Add(new SdpAttribute(name, value));
                return null;
        }
    }

    // a=msid-semantic: WMS [ids] - Chrome writes a space after the colon.
    private static string? ReadMsidSemantic(SessionDescription sdp, string? value)
    {
        if (sdp.MsidSemantic is not null)
        {
            return "duplicate a=msid-semantic";
        }

        var tokens = SdpTokens.Split(value ?? "");
        if (tokens.Length == 0)
        {
            return "a=msid-semantic needs a semantic";
        }

        sdp.MsidSemantic = new SdpMsidSemantic(tokens[0], tokens[1..]);
        return null;
    }
}

/// <summary>Property-style flag attributes (RFC 8866 section 5.13: a=&lt;flag&gt;) never carry a value.</summary>
internal static class SdpFlag
{
    public static string? Set(string name, string? value, Action set)
    {
        if (value is not null)
        {
            return $"a={name} takes no value";
        }

        set();
        return null;
    }
}
