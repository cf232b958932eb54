namespace Sfu.Dtls;

/// <summary>Why an established DTLS association ended.</summary>
public enum DtlsCloseReason
{
    /// <summary>The peer sent close_notify (RFC 5246 section 7.2.1).</summary>
    PeerCloseNotify,

    /// <summary>The peer sent a fatal alert.</summary>
    PeerFatalAlert,

    /// <summary>We closed it (<see cref="DtlsHandshake.Close"/>).</summary>
    LocalClose,

    /// <summary>Processing a record failed (bad MAC streak, internal error).</summary>
    Error,
}
