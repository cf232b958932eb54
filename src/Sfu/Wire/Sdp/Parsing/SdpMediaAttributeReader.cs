namespace Sfu.Wire.Sdp.Parsing;

/// <summary>Media-level a= lines, dispatched by name to the family readers. Unknown ones are kept in order.</summary>
internal static class SdpMediaAttributeReader
{
    public static string? Read(SdpParseContext context, MediaDescription media, string name, string? value)
    {
        switch (name)
        {
            case "mid":
                return ReadMid(media, value);
            case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                return ReadDirection(name, value, media.Direction, direction => media.Direction = direction);
            case "ice-ufrag":
                return SdpTransportAttributeReader.ReadIceCredential(name, value, media.IceUfrag, v => media.IceUfrag = v);
            case "ice-pwd":
                return SdpTransportAttributeReader.ReadIceCredential(name, value, media.IcePwd, v => media.IcePwd = v);
            case "ice-options":
                return SdpTransportAttributeReader.ReadIceOptions(media.IceOptions, value);
            case "fingerprint":
                return SdpTransportAttributeReader.ReadFingerprint(media.Fingerprints, value);
            case "setup":
                return SdpTransportAttributeReader.ReadSetup(value, media.Setup, role => media.Setup = role);
            case "rtcp":
                return SdpTransportAttributeReader.ReadRtcp(media, value);
            case "candidate":
                return SdpTransportAttributeReader.ReadCandidate(media, value);
            case "end-of-candidates":
                return SdpFlag.Set(name, value, () => media.EndOfCandidates = true);
            case "rtcp-mux":
                return SdpFlag.Set(name, value, () => media.RtcpMux = true);
            case "rtcp-rsize":
                return SdpFlag.Set(name, value, () => media.RtcpRsize = true);
            case "bundle-only":
                return SdpFlag.Set(name, value, () => media.BundleOnly = true);
            case "rtpmap":
                return SdpRtpAttributeReader.ReadRtpMap(context, media, value);
            case "fmtp":
                return SdpRtpAttributeReader.ReadFmtp(context, media, value);
            case "rtcp-fb":
                return SdpRtpAttributeReader.ReadRtcpFeedback(media, value);
            case "extmap":
                return SdpRtpAttributeReader.ReadExtmap(context, media, value);
            case "msid":
                return SdpSourceAttributeReader.ReadMsid(media, value);
            case "ssrc":
                return SdpSourceAttributeReader.ReadSsrc(media, value);
            case "ssrc-group":
                return SdpSourceAttributeReader.ReadSsrcGroup(media, value);
            case "rid":
                return SdpSourceAttributeReader.ReadRid(media, value);
            case "simulcast":
                return SdpSimulcastReader.Read(media, value);
            default:
                media.OtherAttributes.Add(new SdpAttribute(name, value));
                return null;
        }
    }

    public static string? ReadDirection(string name, string? value, SdpDirection? existing, Action<SdpDirection> set)
    {
        if (value is not null)
        {
            return $"a={name} takes no value";
        }

        if (existing is not null)
        {
            return "more than one direction attribute";
        }

        SdpEnumText.TryParseDirection(name, out var direction);
        set(direction);
        return null;
    }

    // a=mid:<identification-tag> (RFC 5888 section 4), a token.
    private static string? ReadMid(MediaDescription media, string? value)
    {
        if (media.Mid is not null)
        {
            return "duplicate a=mid";
        }

        var mid = value?.Trim() ?? "";
        if (!SdpTokens.IsToken(mid))
        {
            return "a=mid needs one token";
        }

        media.Mid = mid;
        return null;
    }
}
