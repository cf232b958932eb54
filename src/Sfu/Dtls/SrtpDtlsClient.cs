using System.Collections;
using Org.BouncyCastle.Crypto.Tls;
using Sfu.Crypto.Srtp;
using TlsCertificate = Org.BouncyCastle.Crypto.Tls.Certificate;

namespace Sfu.Dtls;

/// <summary>
/// BouncyCastle client peer for DTLS-SRTP: DTLS 1.2 only, ECDHE-ECDSA, extended master secret required, offers
/// every SRTP profile of our preference list, and answers the server's CertificateRequest with our certificate.
/// </summary>
internal sealed class SrtpDtlsClient : DefaultTlsClient
{
    private readonly DtlsPeerState _state;

    public SrtpDtlsClient(DtlsPeerState state)
    {
        _state = state;
    }

    public override ProtocolVersion ClientVersion => ProtocolVersion.DTLSv12;

    public override ProtocolVersion MinimumVersion => ProtocolVersion.DTLSv12;

    public override int[] GetCipherSuites() => DtlsPeerState.CipherSuites();

    public override bool RequiresExtendedMasterSecret() => true;

    public override IDictionary GetClientExtensions()
    {
        IDictionary extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSRTPUtils.AddUseSrtpExtension(extensions, new UseSrtpData(_state.OfferedSrtpProfiles, TlsUtilities.EmptyBytes));
        TlsExtensionsUtilities.AddExtendedMasterSecretExtension(extensions);
        return extensions;
    }

    // RFC 5764 section 4.1.1: the server's use_srtp names exactly one of the profiles we offered.
    public override void ProcessServerExtensions(IDictionary serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        UseSrtpData? answer = serverExtensions is null ? null : TlsSRTPUtils.GetUseSrtpExtension(serverExtensions);
        if (answer is null)
        {
            throw _state.Fail(DtlsFailureReason.NoCommonSrtpProfile, AlertDescription.handshake_failure,
                "the ServerHello has no use_srtp extension");
        }

        if (answer.ProtectionProfiles.Length != 1
            || Array.IndexOf(_state.OfferedSrtpProfiles, answer.ProtectionProfiles[0]) < 0
            || !SrtpProfileMapping.TryFromBouncyCastle(answer.ProtectionProfiles[0], out SrtpProfile selected))
        {
            throw _state.Fail(DtlsFailureReason.NoCommonSrtpProfile, AlertDescription.illegal_parameter,
                "the server selected an SRTP protection profile we did not offer");
        }

        _state.SelectedProfile = selected;
    }

    public override TlsAuthentication GetAuthentication() => new MutualAuthentication(this);

    public override void NotifyAlertReceived(byte alertLevel, byte alertDescription) =>
        _state.OnAlertReceived(alertLevel, alertDescription);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _state.CompleteHandshake(mContext);
    }

    /// <summary>Checks the server's fingerprint and signs CertificateVerify with our certificate.</summary>
    private sealed class MutualAuthentication(SrtpDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsCertificate serverCertificate) =>
            client._state.VerifyPeerCertificate(serverCertificate);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest)
        {
            if (Array.IndexOf(certificateRequest.CertificateTypes, ClientCertificateType.ecdsa_sign) < 0)
            {
                throw client._state.Fail(DtlsFailureReason.ProtocolError, AlertDescription.handshake_failure,
                    "the server does not accept ECDSA client certificates");
            }

            SignatureAndHashAlgorithm? algorithm = TlsUtilities.IsTlsV12(client.mContext)
                ? client._state.SelectEcdsaSignatureAlgorithm(certificateRequest.SupportedSignatureAlgorithms)
                : null;
            return new DefaultTlsSignerCredentials(
                client.mContext, client._state.LocalCertificate.TlsChain, client._state.LocalCertificate.PrivateKey, algorithm);
        }
    }
}
