namespace Sfu.Wire.Rtp;

/// <summary>The header extension URIs the SFU negotiates in SDP <c>a=extmap</c> lines (RFC 8285 section 5).</summary>
public static class RtpExtensionUris
{
    /// <summary>Client-to-mixer audio level, RFC 6464.</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>Transport-wide sequence number, draft-holmer-rmcat-transport-wide-cc-extensions-01.</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>Absolute send time (24-bit 6.18 fixed-point seconds), WebRTC experiment.</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Media identification (BUNDLE mid), RFC 9143 section 15.</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RTP stream id (simulcast rid), RFC 8852 section 3.1.</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>Repaired RTP stream id (rid of the stream an RTX stream repairs), RFC 8852 section 3.2.</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
}
