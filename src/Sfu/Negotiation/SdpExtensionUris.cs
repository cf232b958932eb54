using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>RTP header extension URIs the SFU understands (RFC 8285 registry and the WebRTC experiments).</summary>
public static class SdpExtensionUris
{
    /// <summary>RFC 6464 client-to-mixer audio level.</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>RFC 8843 section 15.1 (BUNDLE) media identification.</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>RFC 8852 RtpStreamId (simulcast layer name).</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RFC 8852 RepairedRtpStreamId (RTX of a simulcast layer).</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
}
