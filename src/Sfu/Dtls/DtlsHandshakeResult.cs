using Sfu.Crypto.Srtp;

namespace Sfu.Dtls;

/// <summary>
/// What a completed DTLS-SRTP handshake yields: the negotiated protection profile, the exported
/// "EXTRACTOR-dtls_srtp" keying material (RFC 5764 section 4.2; split it with <see cref="DtlsSrtpKeys"/>)
/// and the verified SHA-256 fingerprint of the peer's certificate.
/// </summary>
public sealed record DtlsHandshakeResult(SrtpProfile Profile, byte[] KeyingMaterial, string RemoteFingerprint);
