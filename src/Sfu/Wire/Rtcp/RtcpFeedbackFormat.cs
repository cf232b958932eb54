namespace Sfu.Wire.Rtcp;

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
