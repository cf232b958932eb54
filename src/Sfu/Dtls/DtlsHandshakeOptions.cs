using Sfu.Crypto.Srtp;

namespace Sfu.Dtls;

/// <summary>Tunables for one DTLS-SRTP handshake.</summary>
public sealed class DtlsHandshakeOptions
{
    /// <summary>GCM first: it authenticates and encrypts in one pass and has the shorter per-packet cost.</summary>
    public static readonly IReadOnlyList<SrtpProfile> DefaultSrtpProfiles =
        [SrtpProfile.AeadAes128Gcm, SrtpProfile.AesCm128HmacSha1_80];

    /// <summary>Overall time for the whole handshake, retransmissions included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// SRTP protection profiles in order of preference. The client offers them in this order; the server picks
    /// the first of these the client offered.
    /// </summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; init; } = DefaultSrtpProfiles;
}
