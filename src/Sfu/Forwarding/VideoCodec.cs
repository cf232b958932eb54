namespace Sfu.Forwarding;

/// <summary>Video codecs whose RTP payloads <see cref="KeyframeDetector"/> understands.</summary>
public enum VideoCodec
{
    /// <summary>A codec the detector does not know; never reported as a keyframe.</summary>
    Unknown,

    /// <summary>VP8, RFC 7741.</summary>
    Vp8,

    /// <summary>VP9, RFC 9628.</summary>
    Vp9,

    /// <summary>H.264, RFC 6184.</summary>
    H264,
}
