using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using TlsCertificate = Org.BouncyCastle.Crypto.Tls.Certificate;

namespace Sfu.Dtls;

/// <summary>
/// The self-signed certificate a DTLS-SRTP endpoint presents. WebRTC does not use PKI: the peer trusts the
/// certificate whose SHA-256 fingerprint was signed into the SDP (RFC 8122 section 5, RFC 8827 section 6.5).
/// </summary>
public sealed class DtlsCertificate
{
    private DtlsCertificate(byte[] derEncoded, AsymmetricKeyParameter privateKey)
    {
        DerEncoded = derEncoded;
        PrivateKey = privateKey;
        Sha256Fingerprint = ComputeSha256Fingerprint(derEncoded);
        var structure = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(derEncoded));
        TlsChain = new TlsCertificate([structure]);
    }

    /// <summary>The certificate as DER, exactly the bytes that go on the wire and into the fingerprint.</summary>
    public byte[] DerEncoded { get; }

    /// <summary>SHA-256 fingerprint for the SDP a=fingerprint line, "AB:CD:..." (RFC 8122 section 5).</summary>
    public string Sha256Fingerprint { get; }

    /// <summary>The private key that signs ServerKeyExchange / CertificateVerify.</summary>
    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>The one-certificate chain in BouncyCastle's TLS form.</summary>
    internal TlsCertificate TlsChain { get; }

    /// <summary>
    /// Creates an ECDSA P-256 certificate, self-signed with SHA-256, CN "sfu", valid from yesterday (clock skew)
    /// for <paramref name="validity"/> (default 30 days). Browsers generate the same kind of key for RTCCertificate.
    /// </summary>
    public static DtlsCertificate CreateSelfSigned(TimeSpan? validity = null, string commonName = "sfu")
    {
        var random = new SecureRandom();
        var keyGenerator = new ECKeyPairGenerator("EC");
        // Named-curve parameters so the SubjectPublicKeyInfo carries the secp256r1 OID, not explicit
        // curve parameters (browsers reject explicit parameters).
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair keyPair = keyGenerator.GenerateKeyPair();

        // A positive 64-bit random serial (RFC 5280 section 4.1.2.2: positive, at most 20 octets).
        byte[] serialBytes = new byte[8];
        RandomNumberGenerator.Fill(serialBytes);
        var serial = new BigInteger(1, serialBytes);
        if (serial.SignValue == 0)
        {
            serial = BigInteger.One;
        }

        var name = new X509Name("CN=" + commonName);
        DateTime now = DateTime.UtcNow;
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(serial);
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now.AddDays(-1));
        generator.SetNotAfter(now.Add(validity ?? TimeSpan.FromDays(30)));
        generator.SetPublicKey(keyPair.Public);

        var signatureFactory = new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random);
        X509Certificate certificate = generator.Generate(signatureFactory);
        return new DtlsCertificate(certificate.GetEncoded(), keyPair.Private);
    }

    /// <summary>
    /// SHA-256 over the DER certificate, as uppercase hex pairs joined by colons (RFC 8122 section 5,
    /// "fingerprint = 2UHEX *(":" 2UHEX)").
    /// </summary>
    public static string ComputeSha256Fingerprint(byte[] derCertificate)
    {
        ArgumentNullException.ThrowIfNull(derCertificate);
        return DtlsFingerprint.Format(SHA256.HashData(derCertificate));
    }
}
