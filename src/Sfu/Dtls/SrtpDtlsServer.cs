using System.Collections;
using Org.BouncyCastle.Crypto.Tls;
using TlsCertificate = Org.BouncyCastle.Crypto.Tls.Certificate;

namespace Sfu.Dtls;

/// <summary>
/// BouncyCastle server peer for DTLS-SRTP: DTLS 1.2 only, ECDHE-ECDSA, extended master secret required,
/// use_srtp negotiated from our preference list, and a CertificateRequest because WebRTC authenticates both ends
/// (RFC 8827 section 6.5).
/// </summary>
internal sealed class SrtpDtlsServer : DefaultTlsServer
{
    private readonly DtlsPeerState _state;

    public SrtpDtlsServer(DtlsPeerState state)
    {
        _state = state;
    }

    protected override ProtocolVersion MinimumVersion => ProtocolVersion.DTLSv12;

    protected override ProtocolVersion MaximumVersion => ProtocolVersion.DTLSv12;

    protected override int[] GetCipherSuites() => DtlsPeerState.CipherSuites();

    public override bool RequiresExtendedMasterSecret() => true;

    // RFC 5764 section 4.1.1: the server answers with exactly one profile from the client's list. With none in
    // common it "SHOULD NOT return the use_srtp extension"; we do exactly that rather than throw here, because
    // BouncyCastle cannot send an alert before its ServerHello and the client would only time out. The client
    // then aborts on the missing extension at once, and CompleteHandshake refuses to finish without a profile.
    public override void ProcessClientExtensions(IDictionary clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        UseSrtpData? offered = clientExtensions is null ? null : TlsSRTPUtils.GetUseSrtpExtension(clientExtensions);
        if (offered is null)
        {
            _state.RecordFailure(DtlsFailureReason.NoCommonSrtpProfile, "the ClientHello has no use_srtp extension");
            return;
        }

        if (!SrtpProfileMapping.TrySelect(_state.SrtpPreference, offered.ProtectionProfiles, out var selected))
        {
            _state.RecordFailure(DtlsFailureReason.NoCommonSrtpProfile, "the client offers no SRTP protection profile we accept");
            return;
        }

        _state.SelectedProfile = selected;
    }

    public override IDictionary GetServerExtensions()
    {
        IDictionary extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        if (_state.SelectedProfile is { } profile)
        {
            int selected = SrtpProfileMapping.ToBouncyCastle(profile);
            TlsSRTPUtils.AddUseSrtpExtension(extensions, new UseSrtpData([selected], TlsUtilities.EmptyBytes));
        }

        return extensions;
    }

    public override CertificateRequest GetCertificateRequest()
    {
        byte[] certificateTypes = [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign];
        IList? signatureAlgorithms = TlsUtilities.IsTlsV12(mContext) ? DtlsPeerState.SupportedSignatureAlgorithms() : null;
        return new CertificateRequest(certificateTypes, signatureAlgorithms, null);
    }

    public override void NotifyClientCertificate(TlsCertificate clientCertificate) =>
        _state.VerifyPeerCertificate(clientCertificate);

    protected override TlsSignerCredentials GetECDsaSignerCredentials() =>
        new DefaultTlsSignerCredentials(
            mContext,
            _state.LocalCertificate.TlsChain,
            _state.LocalCertificate.PrivateKey,
            _state.SelectEcdsaSignatureAlgorithm(mSupportedSignatureAlgorithms));

    public override void NotifyAlertReceived(byte alertLevel, byte alertDescription) =>
        _state.OnAlertReceived(alertLevel, alertDescription);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _state.CompleteHandshake(mContext);
    }
}
