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

/// <summary>The FMT values (in the count field) of the feedback messages we handle.</summary>
public static class RtcpFeedbackFormat
{
    /// <summary>RTPFB FMT 1: Generic NACK (RFC 4585 section 6.2.1).</summary>
    public const int GenericNack = 1;

    /// <summary>RTPFB FMT 15: transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01).</summary>
    public const int TransportCc = 15;

    /// <summary>PSFB FMT 1: Picture Loss Indication (RFC 4585 section 6.3.1).</summary>
    public const int PictureLossIndication = 1;

    /// <summary>PSFB FMT 4: Full Intra Request (RFC 5104 section 4.3.1).</summary>
    public const int FullIntraRequest = 4;

    /// <summary>PSFB FMT 15: application layer feedback, used by REMB (draft-alvestrand-rmcat-remb-03).</summary>
    public const int ApplicationLayer = 15;
}
