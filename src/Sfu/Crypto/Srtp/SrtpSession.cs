namespace Sfu.Crypto.Srtp;

/// <summary>
/// SRTP and SRTCP for one DTLS-SRTP association: protects what we send with the local keys and unprotects
/// what we receive with the remote keys, in place, allocating nothing per packet.
/// </summary>
/// <remarks>
/// A facade over its two halves: <see cref="SrtpSender"/> (outbound, local keys) and <see cref="SrtpReceiver"/>
/// (inbound, remote keys). Their state is disjoint, so one thread may protect while another unprotects; calls in
/// the same direction must not run concurrently.
/// Per-SSRC state (rollover counter, replay window, SRTCP index) is created on an SSRC's first packet, up to a cap
/// per direction and protocol (<see cref="MaxSsrcsPerDirection"/> unless the creator sizes it), and freed by
/// <see cref="ForgetLocalSsrc"/> and <see cref="ForgetRemoteSsrc"/> when a stream ends, so a long session that sees
/// many streams come and go never fills it. Inbound state is created only once a packet authenticated.
/// </remarks>
public sealed class SrtpSession : IDisposable
{
    /// <summary>Most bytes <see cref="ProtectRtp"/> appends (the 16-byte GCM tag).</summary>
    public const int MaxRtpOverhead = 16;

    /// <summary>Most bytes <see cref="ProtectRtcp"/> appends (16-byte GCM tag and 4-byte E|index).</summary>
    public const int MaxRtcpOverhead = 20;

    /// <summary>Default cap on SSRCs with state at once, per direction, separately for SRTP and SRTCP.</summary>
    public const int MaxSsrcsPerDirection = 64;

    private readonly SrtpSender _sender;
    private readonly SrtpReceiver _receiver;

    private SrtpSession(SrtpProfile profile, SrtpSessionKeys localKeys, SrtpSessionKeys remoteKeys, int maxSsrcs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSsrcs, 1);
        Profile = profile;
        _sender = new SrtpSender(SrtpTransform.Create(profile, localKeys), maxSsrcs);
        _receiver = new SrtpReceiver(SrtpTransform.Create(profile, remoteKeys), maxSsrcs);
        MaxSsrcs = maxSsrcs;
    }

    public SrtpProfile Profile { get; }

    /// <summary>This session's cap on SSRCs with state at once, per direction and protocol.</summary>
    public int MaxSsrcs { get; }

    /// <summary>SSRCs we send RTP on that have state now.</summary>
    public int LocalRtpSsrcCount => _sender.RtpSsrcCount;

    /// <summary>SSRCs the peer sends RTP on that have state now.</summary>
    public int RemoteRtpSsrcCount => _receiver.RtpSsrcCount;

    /// <summary>Length of the DTLS exporter output this profile needs: 60 for AES-CM, 56 for AES-GCM.</summary>
    public static int KeyingMaterialLength(SrtpProfile profile) => profile.KeyingMaterialLength();

    /// <summary>
    /// Builds a session from the DTLS-SRTP exporter output, laid out as client key | server key |
    /// client salt | server salt (RFC 5764 section 4.2). Each side protects with its own key.
    /// </summary>
    /// <param name="maxSsrcs">Cap on SSRCs with state at once, per direction and protocol.</param>
    public static SrtpSession CreateFromDtls(SrtpProfile profile, ReadOnlySpan<byte> keyingMaterial, bool isServer, int maxSsrcs = MaxSsrcsPerDirection)
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
            ? Create(profile, serverKey, serverSalt, clientKey, clientSalt, maxSsrcs)
            : Create(profile, clientKey, clientSalt, serverKey, serverSalt, maxSsrcs);
    }

    /// <summary>Builds a session from explicit master keys and salts (RFC 3711 section 4.3 derives the session keys).</summary>
    public static SrtpSession Create(
        SrtpProfile profile,
        ReadOnlySpan<byte> localMasterKey,
        ReadOnlySpan<byte> localMasterSalt,
        ReadOnlySpan<byte> remoteMasterKey,
        ReadOnlySpan<byte> remoteMasterSalt,
        int maxSsrcs = MaxSsrcsPerDirection) =>
        new(
            profile,
            SrtpSessionKeys.Derive(profile, localMasterKey, localMasterSalt),
            SrtpSessionKeys.Derive(profile, remoteMasterKey, remoteMasterSalt),
            maxSsrcs);

    /// <summary>Builds a session from already derived session keys (the RFC 7714 test vectors are given that way).</summary>
    internal static SrtpSession CreateFromSessionKeys(SrtpProfile profile, SrtpSessionKeys localKeys, SrtpSessionKeys remoteKeys) =>
        new(profile, localKeys, remoteKeys, MaxSsrcsPerDirection);

    /// <summary>
    /// Encrypts the RTP payload of <c>buffer[..length]</c> in place and appends the tag. The buffer needs
    /// <see cref="MaxRtpOverhead"/> (or the profile's <see cref="SrtpProfileExtensions.RtpOverhead"/>) bytes of tail room.
    /// </summary>
    public SrtpStatus ProtectRtp(Span<byte> buffer, int length, out int protectedLength) =>
        _sender.ProtectRtp(buffer, length, out protectedLength);

    /// <summary>
    /// Encrypts the RTCP compound packet <c>buffer[..length]</c> after its first 8 bytes and appends the
    /// E|SRTCP index word and the tag. The buffer needs <see cref="MaxRtcpOverhead"/> bytes of tail room.
    /// </summary>
    public SrtpStatus ProtectRtcp(Span<byte> buffer, int length, out int protectedLength) =>
        _sender.ProtectRtcp(buffer, length, out protectedLength);

    /// <summary>
    /// Verifies and decrypts the SRTP packet <c>buffer[..length]</c> in place; on <see cref="SrtpStatus.Ok"/>
    /// the RTP packet is <c>buffer[..plainLength]</c>.
    /// </summary>
    public SrtpStatus UnprotectRtp(Span<byte> buffer, int length, out int plainLength) =>
        _receiver.UnprotectRtp(buffer, length, out plainLength);

    /// <summary>
    /// Verifies and (when its E flag is set) decrypts the SRTCP packet <c>buffer[..length]</c> in place; on
    /// <see cref="SrtpStatus.Ok"/> the RTCP compound packet is <c>buffer[..plainLength]</c>.
    /// </summary>
    public SrtpStatus UnprotectRtcp(Span<byte> buffer, int length, out int plainLength) =>
        _receiver.UnprotectRtcp(buffer, length, out plainLength);

    /// <summary>We stopped sending on <paramref name="ssrc"/> for good: frees its SRTP and SRTCP state. Outbound thread.</summary>
    public void ForgetLocalSsrc(uint ssrc) => _sender.Forget(ssrc);

    /// <summary>The peer's stream on <paramref name="ssrc"/> ended: frees its SRTP and SRTCP state. Inbound thread.</summary>
    public void ForgetRemoteSsrc(uint ssrc) => _receiver.Forget(ssrc);

    public void Dispose()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }
}
