namespace Sfu.Crypto.Srtp;

/// <summary>Outcome of one SRTP/SRTCP protect or unprotect call. Bad packets are reported here, never thrown.</summary>
public enum SrtpStatus
{
    /// <summary>The packet was protected or unprotected in place.</summary>
    Ok,

    /// <summary>The packet is too short or its RTP/RTCP header is not well formed.</summary>
    Malformed,

    /// <summary>The authentication tag did not verify (forged, corrupted or keyed differently).</summary>
    AuthenticationFailed,

    /// <summary>The packet index was already received (RFC 3711 section 3.3.2).</summary>
    ReplayDuplicate,

    /// <summary>The packet index is older than the 64-packet replay window (RFC 3711 section 3.3.2).</summary>
    ReplayTooOld,

    /// <summary>The buffer has no tail room for the authentication tag (and SRTCP index).</summary>
    BufferTooSmall,

    /// <summary>The session already holds state for its cap of SSRCs (<see cref="SrtpSession.MaxSsrcs"/>) in this direction.</summary>
    SsrcLimitReached,
}
