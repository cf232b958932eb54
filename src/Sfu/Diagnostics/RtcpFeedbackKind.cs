namespace Sfu.Diagnostics;

/// <summary>The RTCP feedback the SFU counts: the <c>type</c> label of sfu_rtcp_feedback_total.</summary>
public enum RtcpFeedbackKind
{
    /// <summary>Generic NACK (RFC 4585 section 6.2.1).</summary>
    Nack,

    /// <summary>Picture Loss Indication (RFC 4585 section 6.3.1).</summary>
    Pli,

    /// <summary>Full Intra Request (RFC 5104 section 4.3.1).</summary>
    Fir,

    /// <summary>Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1).</summary>
    TransportCc,

    /// <summary>Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb-03).</summary>
    Remb,
}
