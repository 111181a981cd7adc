using System.Security.Cryptography.X509Certificates;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Http;

/// <summary>One CA, its server certificate, a client certificate and a server certificate for "other.test", per test class (key generation is slow).</summary>
public sealed class CertificatesFixture : IDisposable
{
    public CertificatesFixture()
    {
        Certificates = TestCertificates.Create();
        Client = Certificates.IssueClient();
        OtherName = Certificates.IssueServerFor("other.test");
    }

    public TestCertificates Certificates { get; }

    public X509Certificate2 Client { get; }

    public X509Certificate2 OtherName { get; }

    public void Dispose()
    {
        OtherName.Dispose();
        Client.Dispose();
        Certificates.Dispose();
    }
}
