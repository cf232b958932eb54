namespace Sfu.Wire.Sdp;

/// <summary>
/// One m= section (RFC 8866 section 5.14) with the attributes WebRTC uses modelled, and every other
/// attribute kept in <see cref="OtherAttributes"/> in the order it came.
/// </summary>
public sealed class MediaDescription
{
    public MediaDescription(string kind, int port, string protocol, IEnumerable<string> formats)
    {
        Kind = kind;
        Port = port;
        Protocol = protocol;
        Formats = [.. formats];
    }

    /// <summary>"audio", "video", "application" or any other media token.</summary>
    public string Kind { get; set; }

    /// <summary>0 means rejected/disabled, unless <see cref="BundleOnly"/> (RFC 8843 section 6).</summary>
    public int Port { get; set; }

    /// <summary>The "/&lt;number of ports&gt;" suffix of the m= port, rarely used.</summary>
    public int? PortCount { get; set; }

    public string Protocol { get; set; }

    /// <summary>Payload type numbers for RTP profiles, or e.g. "webrtc-datachannel".</summary>
    public List<string> Formats { get; }

    public string? Information { get; set; }

    public SdpConnection? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    public string? EncryptionKey { get; set; }

    public string? Mid { get; set; }

    /// <summary>Null when absent: then the session-level direction or sendrecv applies (see <see cref="SessionDescription.EffectiveDirection"/>).</summary>
    public SdpDirection? Direction { get; set; }

    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    public List<string> IceOptions { get; } = [];

    public List<SdpFingerprint> Fingerprints { get; } = [];

    public SdpSetupRole? Setup { get; set; }

    public bool RtcpMux { get; set; }

    public bool RtcpRsize { get; set; }

    /// <summary>a=bundle-only (RFC 8843 section 6): a zero port that does not mean rejected.</summary>
    public bool BundleOnly { get; set; }

    public SdpRtcp? Rtcp { get; set; }

    public List<SdpRtpMap> RtpMaps { get; } = [];

    public List<SdpFmtp> Fmtps { get; } = [];

    public List<SdpRtcpFeedback> RtcpFeedbacks { get; } = [];

    public List<SdpExtmap> Extmaps { get; } = [];

    public List<SdpMsid> Msids { get; } = [];

    public List<SdpSsrc> Ssrcs { get; } = [];

    public List<SdpSsrcGroup> SsrcGroups { get; } = [];

    public List<SdpRid> Rids { get; } = [];

    public SdpSimulcast? Simulcast { get; set; }

    public List<SdpCandidate> Candidates { get; } = [];

    public bool EndOfCandidates { get; set; }

    /// <summary>Attributes not modelled above (e.g. sctp-port, extmap-allow-mixed, ptime), in their original order.</summary>
    public List<SdpAttribute> OtherAttributes { get; } = [];

    /// <summary>True when the port is 0 and the section is not bundle-only: the m= line is rejected or stopped.</summary>
    public bool IsRejected => Port == 0 && !BundleOnly;

    public SdpRtpMap? FindRtpMap(int payloadType)
    {
        foreach (var map in RtpMaps)
        {
            if (map.PayloadType == payloadType)
            {
                return map;
            }
        }

        return null;
    }

    public SdpFmtp? FindFmtp(int payloadType)
    {
        foreach (var fmtp in Fmtps)
        {
            if (fmtp.PayloadType == payloadType)
            {
                return fmtp;
            }
        }

        return null;
    }

    /// <summary>Feedback for one payload type, including "a=rtcp-fb:*" lines.</summary>
    public List<SdpRtcpFeedback> FeedbackFor(int payloadType)
    {
        var result = new List<SdpRtcpFeedback>();
        foreach (var feedback in RtcpFeedbacks)
        {
            if (feedback.PayloadType is null || feedback.PayloadType == payloadType)
            {
                result.Add(feedback);
            }
        }

        return result;
    }

    /// <summary>The first value of an unmodelled attribute, e.g. "sctp-port".</summary>
    public bool TryGetAttribute(string name, out string? value)
    {
        foreach (var attribute in OtherAttributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = attribute.Value;
                return true;
            }
        }

        value = null;
        return false;
    }
}
