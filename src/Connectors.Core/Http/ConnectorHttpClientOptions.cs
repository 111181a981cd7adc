using System.Security.Cryptography.X509Certificates;

namespace Connectors;

/// <summary>
/// Per-connector TLS settings for <see cref="ConnectorExecutionContext.CreateHttpClient"/>: a client certificate,
/// extra trusted CAs, a verification mode. The client keeps every other guard (allowed hosts, redirects, limits, retries).
/// </summary>
public sealed record ConnectorHttpClientOptions
{
    /// <summary>The client certificate (with its private key) presented to the server.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>PEM text of extra certificate authorities trusted for this connector.</summary>
    public string? CertificateAuthoritiesPem { get; init; }

    /// <summary>How the server certificate is verified; the host's or the global setting when absent.</summary>
    public TlsVerificationMode? VerificationMode { get; init; }
}
