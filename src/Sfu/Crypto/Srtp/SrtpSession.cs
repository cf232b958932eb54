namespace Sfu.Crypto.Srtp;

/// <summary>
/// SRTP and SRTCP for one DTLS-SRTP association: protects what we send with the local keys and unprotects
/// what we receive with the remote keys, in place, allocating nothing per packet.
/// </summary>
/// <remarks>
/// Threading: outbound (Protect*) and inbound (Unprotect*) state are disjoint, so one thread may protect
/// while another unprotects. Calls in the same direction must not run concurrently.
/// Per-SSRC state (rollover counter, replay window, SRTCP index) is created on an SSRC's first packet,
/// up to <see cref="MaxSsrcsPerDirection"/> SSRCs per direction and protocol; inbound state is created
/// only once a packet authenticated.
/// </remarks>
public sealed partial class SrtpSession : IDisposable
{
    /// <summary>Most bytes <see cref="ProtectRtp"/> appends (the 16-byte GCM tag).</summary>
    public const int MaxRtpOverhead = 16;

    /// <summary>Most bytes <see cref="ProtectRtcp"/> appends (16-byte GCM tag and 4-byte E|index).</summary>
    public const int MaxRtcpOverhead = 20;

    /// <summary>Cap on tracked SSRCs per direction, separately for SRTP and SRTCP.</summary>
    public const int MaxSsrcsPerDirection = 64;

    private readonly SrtpTransform _outbound;
    private readonly SrtpTransform _inbound;
    private readonly SsrcStateTable _outboundRtp = new(MaxSsrcsPerDirection);
    private readonly SsrcStateTable _outboundRtcp = new(MaxSsrcsPerDirection);
    private readonly SsrcStateTable _inboundRtp = new(MaxSsrcsPerDirection);
    private readonly SsrcStateTable _inboundRtcp = new(MaxSsrcsPerDirection);

    private SrtpSession(SrtpProfile profile, SrtpSessionKeys localKeys, SrtpSessionKeys remoteKeys)
    {
        Profile = profile;
        _outbound = SrtpTransform.Create(profile, localKeys);
        _inbound = SrtpTransform.Create(profile, remoteKeys);
    }

    public SrtpProfile Profile { get; }

    /// <summary>Length of the DTLS exporter output this profile needs: 60 for AES-CM, 56 for AES-GCM.</summary>
    public static int KeyingMaterialLength(SrtpProfile profile) => profile.KeyingMaterialLength();

    /// <summary>
    /// Builds a session from the DTLS-SRTP exporter output, laid out as client key | server key |
    /// client salt | server salt (RFC 5764 section 4.2). Each side protects with its own key.
    /// </summary>
    public static SrtpSession CreateFromDtls(SrtpProfile profile, ReadOnlySpan<byte> keyingMaterial, bool isServer)
    {
        int keyLength = profile.MasterKeyLength();
        int saltLength = profile.MasterSaltLength();
        if (keyingMaterial.Length != profile.KeyingMaterialLength())
        {
            throw new ArgumentException($"{profile} needs {profile.KeyingMaterialLength()} bytes of keying material.", nameof(keyingMaterial));
        }

        ReadOnlySpan<byte> clientKey = keyingMaterial[..keyLength];
        ReadOnlySpan<byte> serverKey = keyingMaterial.Slice(keyLength, keyLength);
        ReadOnlySpan<byte> clientSalt = keyingMaterial.Slice(2 * keyLength, saltLength);
        ReadOnlySpan<byte> serverSalt = keyingMaterial.Slice((2 * keyLength) + saltLength, saltLength);
        return isServer
            ? Create(profile, serverKey, serverSalt, clientKey, clientSalt)
            : Create(profile, clientKey, clientSalt, serverKey, serverSalt);
    }

    /// <summary>Builds a session from explicit master keys and salts (RFC 3711 section 4.3 derives the session keys).</summary>
    public static SrtpSession Create(
        SrtpProfile profile,
        ReadOnlySpan<byte> localMasterKey,
        ReadOnlySpan<byte> localMasterSalt,
        ReadOnlySpan<byte> remoteMasterKey,
        ReadOnlySpan<byte> remoteMasterSalt) =>
        new(
            profile,
            SrtpSessionKeys.Derive(profile, localMasterKey, localMasterSalt),
            SrtpSessionKeys.Derive(profile, remoteMasterKey, remoteMasterSalt));

    /// <summary>Builds a session from already derived session keys (the RFC 7714 test vectors are given that way).</summary>
    internal static SrtpSession CreateFromSessionKeys(SrtpProfile profile, SrtpSessionKeys localKeys, SrtpSessionKeys remoteKeys) =>
        new(profile, localKeys, remoteKeys);

    public void Dispose()
    {
        _outbound.Dispose();
        _inbound.Dispose();
    }
}
