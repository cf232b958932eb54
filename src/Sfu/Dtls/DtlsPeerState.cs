using System.Collections;
using Org.BouncyCastle.Crypto.Tls;
using Sfu.Crypto.Srtp;
using TlsCertificate = Org.BouncyCastle.Crypto.Tls.Certificate;

namespace Sfu.Dtls;

/// <summary>
/// What the BouncyCastle server and client peers share with the handshake runner: our certificate, the expected
/// peer fingerprint, SRTP preferences, and what was negotiated or why it failed. Written on the handshake
/// thread, read by the runner after Accept/Connect returns or throws.
/// </summary>
internal sealed class DtlsPeerState
{
    public DtlsPeerState(DtlsRole role, DtlsCertificate localCertificate, string expectedRemoteFingerprint, IReadOnlyList<SrtpProfile> srtpPreference)
    {
        Role = role;
        LocalCertificate = localCertificate;
        ExpectedRemoteFingerprint = expectedRemoteFingerprint;
        SrtpPreference = srtpPreference;
        OfferedSrtpProfiles = SrtpProfileMapping.ToBouncyCastle(srtpPreference);
    }

    public DtlsRole Role { get; }

    public DtlsCertificate LocalCertificate { get; }

    public string ExpectedRemoteFingerprint { get; }

    public IReadOnlyList<SrtpProfile> SrtpPreference { get; }

    /// <summary>Our preference as use_srtp ids, in order.</summary>
    public int[] OfferedSrtpProfiles { get; }

    public SrtpProfile? SelectedProfile { get; set; }

    public string? RemoteFingerprint { get; private set; }

    public byte[]? KeyingMaterial { get; private set; }

    /// <summary>Set when our own check failed; it names the reason better than the alert that follows.</summary>
    public DtlsFailureReason? Failure { get; private set; }

    public string? FailureMessage { get; private set; }

    /// <summary>Set (on whichever thread reads records) when the peer sent close_notify.</summary>
    public bool CloseNotifyReceived => Volatile.Read(ref _closeNotifyReceived);

    /// <summary>The description of a fatal alert the peer sent, if any (BouncyCastle 1.8 rethrows it as TlsFatalAlert).</summary>
    public byte? FatalAlertReceived
    {
        get
        {
            int value = Volatile.Read(ref _fatalAlertReceived);
            return value < 0 ? null : (byte)value;
        }
    }

    private bool _closeNotifyReceived;
    private int _fatalAlertReceived = -1;

    /// <summary>Records why we are failing and returns the alert for BouncyCastle to send: <c>throw state.Fail(...)</c>.</summary>
    public TlsFatalAlert Fail(DtlsFailureReason reason, byte alertDescription, string message)
    {
        RecordFailure(reason, message);
        return new TlsFatalAlert(alertDescription);
    }

    /// <summary>Records why the handshake is bound to fail without aborting it yet; the first reason wins.</summary>
    public void RecordFailure(DtlsFailureReason reason, string message)
    {
        if (Failure is null)
        {
            Failure = reason;
            FailureMessage = message;
        }
    }

    public void OnAlertReceived(byte alertLevel, byte alertDescription)
    {
        if (alertLevel == AlertLevel.fatal)
        {
            Interlocked.CompareExchange(ref _fatalAlertReceived, alertDescription, -1);
        }
        else if (alertDescription == AlertDescription.close_notify)
        {
            Volatile.Write(ref _closeNotifyReceived, true);
        }
    }

    /// <summary>
    /// Accepts the peer's certificate only if its SHA-256 fingerprint is the one from SDP (RFC 8122 section 5).
    /// The chain is not validated against any CA: the signed SDP is the trust anchor.
    /// </summary>
    public void VerifyPeerCertificate(TlsCertificate chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            throw Fail(DtlsFailureReason.MissingPeerCertificate, AlertDescription.handshake_failure,
                "the peer presented no certificate; WebRTC requires mutual authentication");
        }

        byte[] der = chain.GetCertificateAt(0).GetDerEncoded();
        string actual = DtlsCertificate.ComputeSha256Fingerprint(der);
        if (!DtlsFingerprint.Matches(ExpectedRemoteFingerprint, actual))
        {
            throw Fail(DtlsFailureReason.FingerprintMismatch, AlertDescription.bad_certificate,
                $"peer certificate fingerprint sha-256 {actual} does not match the SDP fingerprint {ExpectedRemoteFingerprint}");
        }

        RemoteFingerprint = actual;
    }

    /// <summary>Final checks, then the SRTP keying material export (RFC 5764 section 4.2).</summary>
    public void CompleteHandshake(TlsContext context)
    {
        if (!context.SecurityParameters.IsExtendedMasterSecret)
        {
            throw Fail(DtlsFailureReason.ExtendedMasterSecretMissing, AlertDescription.handshake_failure,
                "the peer did not negotiate the extended master secret (RFC 7627)");
        }

        if (RemoteFingerprint is null)
        {
            throw Fail(DtlsFailureReason.MissingPeerCertificate, AlertDescription.handshake_failure,
                "the handshake completed without a verified peer certificate");
        }

        if (SelectedProfile is not SrtpProfile profile)
        {
            throw Fail(DtlsFailureReason.NoCommonSrtpProfile, AlertDescription.handshake_failure,
                "the handshake completed without an SRTP protection profile");
        }

        KeyingMaterial = context.ExportKeyingMaterial(
            ExporterLabel.dtls_srtp, null, DtlsSrtpKeys.KeyingMaterialLength(profile));
    }

    /// <summary>
    /// The ECDSA signature-and-hash to sign with, from what the peer said it accepts (RFC 5246 7.4.1.4.1:
    /// absent means SHA-1). SHA-256 preferred; it matches the P-256 key size.
    /// </summary>
    public SignatureAndHashAlgorithm SelectEcdsaSignatureAlgorithm(IList? peerSupported)
    {
        if (peerSupported is null)
        {
            return new SignatureAndHashAlgorithm(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa);
        }

        SignatureAndHashAlgorithm? fallback = null;
        foreach (object entry in peerSupported)
        {
            if (entry is not SignatureAndHashAlgorithm candidate || candidate.Signature != SignatureAlgorithm.ecdsa)
            {
                continue;
            }

            if (candidate.Hash == HashAlgorithm.sha256)
            {
                return candidate;
            }

            if (fallback is null && candidate.Hash >= HashAlgorithm.sha1 && candidate.Hash <= HashAlgorithm.sha512)
            {
                fallback = candidate;
            }
        }

        return fallback ?? throw Fail(DtlsFailureReason.ProtocolError, AlertDescription.handshake_failure,
            "the peer accepts no ECDSA signature algorithm");
    }

    /// <summary>What a CertificateRequest lists as acceptable client signatures (TLS 1.2).</summary>
    public static IList SupportedSignatureAlgorithms()
    {
        return new ArrayList
        {
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.rsa),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha1, SignatureAlgorithm.rsa),
        };
    }

    /// <summary>ECDHE with our ECDSA certificate; AES-128-GCM first (the suite Chromium was checked with).</summary>
    public static int[] CipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ];
}
