namespace Sfu.Crypto.Srtp;

/// <summary>The session keys of one direction: encryption key, salt and authentication key for SRTP and SRTCP.</summary>
internal sealed class SrtpSessionKeys
{
    public SrtpSessionKeys(
        byte[] rtpEncryptionKey,
        byte[] rtpSalt,
        byte[] rtpAuthenticationKey,
        byte[] rtcpEncryptionKey,
        byte[] rtcpSalt,
        byte[] rtcpAuthenticationKey)
    {
        RtpEncryptionKey = rtpEncryptionKey;
        RtpSalt = rtpSalt;
        RtpAuthenticationKey = rtpAuthenticationKey;
        RtcpEncryptionKey = rtcpEncryptionKey;
        RtcpSalt = rtcpSalt;
        RtcpAuthenticationKey = rtcpAuthenticationKey;
    }

    public byte[] RtpEncryptionKey { get; }

    public byte[] RtpSalt { get; }

    /// <summary>Empty for AEAD profiles.</summary>
    public byte[] RtpAuthenticationKey { get; }

    public byte[] RtcpEncryptionKey { get; }

    public byte[] RtcpSalt { get; }

    /// <summary>Empty for AEAD profiles.</summary>
    public byte[] RtcpAuthenticationKey { get; }

    /// <summary>Runs the RFC 3711 section 4.3 key derivation for one master key and salt.</summary>
    public static SrtpSessionKeys Derive(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (masterKey.Length != profile.MasterKeyLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.MasterKeyLength()}-byte master key.", nameof(masterKey));
        }

        if (masterSalt.Length != profile.MasterSaltLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.MasterSaltLength()}-byte master salt.", nameof(masterSalt));
        }

        using var prf = new AesCounterMode(masterKey);
        int keyLength = profile.MasterKeyLength();
        int saltLength = profile.MasterSaltLength();
        int authLength = profile.AuthenticationKeyLength();
        return new SrtpSessionKeys(
            DeriveOne(prf, masterSalt, SrtpKeyDerivation.RtpEncryptionLabel, keyLength),
            DeriveOne(prf, masterSalt, SrtpKeyDerivation.RtpSaltLabel, saltLength),
            DeriveOne(prf, masterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, authLength),
            DeriveOne(prf, masterSalt, SrtpKeyDerivation.RtcpEncryptionLabel, keyLength),
            DeriveOne(prf, masterSalt, SrtpKeyDerivation.RtcpSaltLabel, saltLength),
            DeriveOne(prf, masterSalt, SrtpKeyDerivation.RtcpAuthenticationLabel, authLength));
    }

    private static byte[] DeriveOne(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, byte label, int length)
    {
        var key = new byte[length];
        SrtpKeyDerivation.Derive(prf, masterSalt, label, key);
        return key;
    }
}
