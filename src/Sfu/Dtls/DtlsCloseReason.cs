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

    /// <summary>
    /// Processing a record failed. BouncyCastle 1.8 treats one record that fails authentication as fatal (RFC 6347
    /// 4.1.2.7 says discard it), so anyone able to spoof the peer's address can cause this: keep SRTP running
    /// (its keys are already derived) and tear down only on <see cref="PeerCloseNotify"/> or consent loss.
    /// </summary>
    Error,
}
