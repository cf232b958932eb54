using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Sfu.Dtls;

namespace Sfu.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.CreateSelfSigned();

    [Fact]
    public void Fingerprint_is_32_uppercase_hex_pairs_joined_by_colons()
    {
        // RFC 8122 section 5: fingerprint = 2UHEX *(":" 2UHEX).
        Assert.Matches(new Regex("^([0-9A-F]{2}:){31}[0-9A-F]{2}$"), Certificate.Sha256Fingerprint);
    }

    [Fact]
    public void Fingerprint_is_the_sha256_of_the_der_certificate()
    {
        byte[] hash = SHA256.HashData(Certificate.DerEncoded);
        string expected = string.Join(":", hash.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(expected, Certificate.Sha256Fingerprint);
        Assert.Equal(expected, DtlsCertificate.ComputeSha256Fingerprint(Certificate.DerEncoded));
    }

    [Fact]
    public void Compute_matches_the_fips_180_2_sha256_vector_for_abc()
    {
        // FIPS 180-2 appendix B.1: SHA-256("abc").
        const string Expected =
            "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD";

        Assert.Equal(Expected, DtlsCertificate.ComputeSha256Fingerprint(Encoding.ASCII.GetBytes("abc")));
    }

    [Fact]
    public void Compute_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => DtlsCertificate.ComputeSha256Fingerprint(null!));
    }

    [Fact]
    public void Certificate_is_a_self_signed_ecdsa_p256_sha256_certificate_named_sfu()
    {
        using X509Certificate2 parsed = X509CertificateLoader.LoadCertificate(Certificate.DerEncoded);

        Assert.Equal("CN=sfu", parsed.Subject);
        Assert.Equal(parsed.Subject, parsed.Issuer);
        Assert.Equal("1.2.840.10045.4.3.2", parsed.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        using ECDsa? key = parsed.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        ECParameters parameters = key.ExportParameters(false);
        Assert.True(parameters.Curve.IsNamed);
        Assert.True(parameters.Curve.Oid.Value == "1.2.840.10045.3.1.7" || parameters.Curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256",
            $"curve {parameters.Curve.Oid.Value} {parameters.Curve.Oid.FriendlyName}");
    }

    [Fact]
    public void Certificate_signature_verifies_with_its_own_key()
    {
        // Self-signed: the TBS part verifies under the certificate's own public key.
        var bc = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(Certificate.DerEncoded);
        bc.Verify(bc.GetPublicKey());
    }

    [Fact]
    public void Validity_starts_before_now_and_lasts_about_thirty_days()
    {
        using X509Certificate2 parsed = X509CertificateLoader.LoadCertificate(Certificate.DerEncoded);
        DateTime now = DateTime.UtcNow;

        Assert.InRange(parsed.NotBefore.ToUniversalTime(), now.AddDays(-2), now.AddHours(-12));
        Assert.InRange(parsed.NotAfter.ToUniversalTime(), now.AddDays(29), now.AddDays(31));
    }

    [Fact]
    public void Custom_validity_is_honoured()
    {
        DtlsCertificate shortLived = DtlsCertificate.CreateSelfSigned(TimeSpan.FromDays(2), "test");
        using X509Certificate2 parsed = X509CertificateLoader.LoadCertificate(shortLived.DerEncoded);

        Assert.Equal("CN=test", parsed.Subject);
        Assert.InRange(parsed.NotAfter.ToUniversalTime(), DateTime.UtcNow.AddDays(1), DateTime.UtcNow.AddDays(3));
    }

    [Fact]
    public void Each_certificate_has_its_own_key_serial_and_fingerprint()
    {
        DtlsCertificate other = DtlsCertificate.CreateSelfSigned();
        using X509Certificate2 a = X509CertificateLoader.LoadCertificate(Certificate.DerEncoded);
        using X509Certificate2 b = X509CertificateLoader.LoadCertificate(other.DerEncoded);

        Assert.NotEqual(Certificate.Sha256Fingerprint, other.Sha256Fingerprint);
        Assert.NotEqual(a.SerialNumber, b.SerialNumber);
        Assert.NotEqual(a.PublicKey.EncodedKeyValue.RawData, b.PublicKey.EncodedKeyValue.RawData);
        // RFC 5280 4.1.2.2: the serial is a positive integer (DER: no leading bit set).
        Assert.True(a.SerialNumberBytes.Span[0] < 0x80);
    }

    [Fact]
    public void Bouncy_castle_chain_carries_the_same_der()
    {
        Assert.Equal(1, Certificate.TlsChain.Length);
        Assert.Equal(Certificate.DerEncoded, Certificate.TlsChain.GetCertificateAt(0).GetDerEncoded());
    }
}
