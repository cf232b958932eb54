using Sfu.Crypto.Srtp;

namespace Sfu.Dtls;

/// <summary>
/// SRTP master keys and salts for both directions, cut from the DTLS exporter output. RFC 5764 section 4.2 lays it
/// out as client key | server key | client salt | server salt; we protect with our side's ("local") pair and
/// unprotect with the peer's ("remote") pair.
/// </summary>
public sealed record DtlsSrtpKeys(byte[] LocalMasterKey, byte[] LocalMasterSalt, byte[] RemoteMasterKey, byte[] RemoteMasterSalt)
{
    /// <summary>Master key length: 16 bytes for both AES-128 profiles (RFC 5764 4.1.2, RFC 7714 section 12).</summary>
    public static int MasterKeyLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 16,
        SrtpProfile.AeadAes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unknown SRTP profile"),
    };

    /// <summary>Master salt length: 14 bytes for AES-CM (RFC 3711 8.2), 12 for AEAD GCM (RFC 7714 section 12).</summary>
    public static int MasterSaltLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 14,
        SrtpProfile.AeadAes128Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unknown SRTP profile"),
    };

    /// <summary>Bytes to export: 2 * (key + salt) (RFC 5764 section 4.2). 60 for AES-CM, 56 for GCM.</summary>
    public static int KeyingMaterialLength(SrtpProfile profile) =>
        2 * (MasterKeyLength(profile) + MasterSaltLength(profile));

    /// <summary>Splits exported keying material into our send keys and the peer's.</summary>
    public static DtlsSrtpKeys Split(SrtpProfile profile, ReadOnlySpan<byte> keyingMaterial, DtlsRole localRole)
    {
        int keyLength = MasterKeyLength(profile);
        int saltLength = MasterSaltLength(profile);
        if (keyingMaterial.Length != 2 * (keyLength + saltLength))
        {
            throw new ArgumentException(
                $"keying material for {profile} must be {2 * (keyLength + saltLength)} bytes, got {keyingMaterial.Length}",
                nameof(keyingMaterial));
        }

        byte[] clientKey = keyingMaterial.Slice(0, keyLength).ToArray();
        byte[] serverKey = keyingMaterial.Slice(keyLength, keyLength).ToArray();
        byte[] clientSalt = keyingMaterial.Slice(2 * keyLength, saltLength).ToArray();
        byte[] serverSalt = keyingMaterial.Slice(2 * keyLength + saltLength, saltLength).ToArray();
        return localRole == DtlsRole.Client
            ? new DtlsSrtpKeys(clientKey, clientSalt, serverKey, serverSalt)
            : new DtlsSrtpKeys(serverKey, serverSalt, clientKey, clientSalt);
    }
}
