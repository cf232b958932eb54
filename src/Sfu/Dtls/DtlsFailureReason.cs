namespace Sfu.Dtls;

/// <summary>Why a DTLS handshake failed. Low cardinality on purpose: it is a metrics label.</summary>
public enum DtlsFailureReason
{
    /// <summary>The handshake did not complete within the overall timeout.</summary>
    Timeout,

    /// <summary>The peer's certificate does not hash to the a=fingerprint from its SDP.</summary>
    FingerprintMismatch,

    /// <summary>The peer presented no certificate (WebRTC requires mutual authentication).</summary>
    MissingPeerCertificate,

    /// <summary>No SRTP protection profile in common, or use_srtp absent.</summary>
    NoCommonSrtpProfile,

    /// <summary>The peer did not negotiate the extended master secret (RFC 7627).</summary>
    ExtendedMasterSecretMissing,

    /// <summary>The peer sent a fatal alert.</summary>
    PeerAlert,

    /// <summary>A malformed or unexpected message, or any other TLS-level failure on our side.</summary>
    ProtocolError,

    /// <summary>The owner closed the channel or the handshake before it completed.</summary>
    Closed,

    /// <summary>The scheduler had no free slot within its bounded wait, or its wait queue was full.</summary>
    SchedulerBusy,
}
