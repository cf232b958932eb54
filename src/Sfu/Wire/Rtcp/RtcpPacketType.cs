namespace Sfu.Wire.Rtcp;

/// <summary>RTCP packet types (the PT field, RFC 3550 section 12.1, RFC 4585 section 6.1).</summary>
public static class RtcpPacketType
{
    /// <summary>SR, RFC 3550 section 6.4.1.</summary>
    public const byte SenderReport = 200;

    /// <summary>RR, RFC 3550 section 6.4.2.</summary>
    public const byte ReceiverReport = 201;

    /// <summary>SDES, RFC 3550 section 6.5.</summary>
    public const byte SourceDescription = 202;

    /// <summary>BYE, RFC 3550 section 6.6.</summary>
    public const byte Goodbye = 203;

    /// <summary>APP, RFC 3550 section 6.7.</summary>
    public const byte ApplicationDefined = 204;

    /// <summary>RTPFB, transport-layer feedback (RFC 4585 section 6.2).</summary>
    public const byte TransportFeedback = 205;

    /// <summary>PSFB, payload-specific feedback (RFC 4585 section 6.3).</summary>
    public const byte PayloadFeedback = 206;

    /// <summary>XR, RFC 3611.</summary>
    public const byte ExtendedReport = 207;
}
