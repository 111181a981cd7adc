using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Connectors.TestUtilities;

/// <summary>A generated certificate authority and a server certificate for 127.0.0.1 and localhost it signed.</summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 authority, X509Certificate2 server)
    {
        Authority = authority;
        Server = server;
    }

    /// <summary>The CA (with key).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server certificate (with key), for 127.0.0.1 and localhost.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The CA as PEM.</summary>
    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>Creates a CA and a server certificate.</summary>
    public static TestCertificates Create(string serverName = "localhost")
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Connectors Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var authority = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        var server = Issue(authority, $"CN={serverName}", now, san =>
        {
            san.AddDnsName(serverName);
            san.AddIpAddress(IPAddress.Loopback);
        }, serverAuth: true);
        return new TestCertificates(authority, server);
    }

    /// <summary>Issues a client certificate signed by the CA.</summary>
    public X509Certificate2 IssueClient(string subject = "CN=connectors-client") =>
        Issue(Authority, subject, DateTimeOffset.UtcNow, _ => { }, serverAuth: false);

    /// <inheritdoc/>
    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
    }

    private static X509Certificate2 Issue(
        X509Certificate2 authority, string subject, DateTimeOffset now, Action<SubjectAlternativeNameBuilder> names, bool serverAuth)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        names(san);
        if (serverAuth)
        {
            request.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        // Never past the CA's own end (a later issue would be refused): the CA was made a moment earlier.
        var notAfter = new[] { now.AddDays(30), new DateTimeOffset(authority.NotAfter.ToUniversalTime()) }.Min();
        using var issued = request.Create(authority, now.AddDays(-1), notAfter, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
