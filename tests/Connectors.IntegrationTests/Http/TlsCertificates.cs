using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Http;

/// <summary>Extra certificates for the TLS tests, signed by the test CA.</summary>
internal static class TlsCertificates
{
    /// <summary>A server certificate naming only <paramref name="dnsName"/> (so 127.0.0.1 does not match it).</summary>
    public static X509Certificate2 IssueServerFor(this TestCertificates certificates, string dnsName)
    {
        var now = DateTimeOffset.UtcNow;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        using var issued = request.Create(certificates.Authority, now.AddDays(-1), certificates.Authority.NotAfter.AddMinutes(-1), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
