namespace Connectors;

/// <summary>TLS and SMTP settings for one host (an entry of <c>xpack.actions.customHostSettings</c>).</summary>
public sealed class CustomHostSettings
{
    /// <summary>The host's URL: <c>https://host:port</c> or <c>smtp://host:port</c>; path, query and user info are ignored.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>SMTP settings for an <c>smtp:</c> URL.</summary>
    public SmtpHostSettings? Smtp { get; set; }

    /// <summary>TLS settings.</summary>
    public HostSslSettings? Ssl { get; set; }
}

/// <summary>SMTP settings of a custom host.</summary>
public sealed class SmtpHostSettings
{
    /// <summary>Never use TLS, even when the server offers STARTTLS.</summary>
    public bool IgnoreTls { get; set; }

    /// <summary>Require STARTTLS; fail when the server does not offer it.</summary>
    public bool RequireTls { get; set; }
}

/// <summary>TLS settings of a custom host.</summary>
public sealed class HostSslSettings
{
    /// <summary>How the server certificate is verified; the global <see cref="SslSettings.VerificationMode"/> when absent.</summary>
    public TlsVerificationMode? VerificationMode { get; set; }

    /// <summary>PEM files of certificate authorities trusted for this host.</summary>
    public IList<string> CertificateAuthoritiesFiles { get; set; } = [];

    /// <summary>PEM text of certificate authorities trusted for this host.</summary>
    public string? CertificateAuthoritiesData { get; set; }
}

/// <summary>The global TLS settings (<c>xpack.actions.ssl</c>).</summary>
public sealed class SslSettings
{
    /// <summary>How server certificates are verified.</summary>
    /// <value>The default value is <see cref="TlsVerificationMode.Full"/>.</value>
    public TlsVerificationMode VerificationMode { get; set; } = TlsVerificationMode.Full;

    /// <summary>How the proxy's certificate is verified.</summary>
    /// <value>The default value is <see cref="TlsVerificationMode.Full"/>.</value>
    public TlsVerificationMode ProxyVerificationMode { get; set; } = TlsVerificationMode.Full;
}

/// <summary>How a server certificate is verified (Kibana's <c>verificationMode</c>).</summary>
public enum TlsVerificationMode
{
    /// <summary>No verification at all.</summary>
    None,

    /// <summary>The chain must be trusted; the host name is not checked.</summary>
    Certificate,

    /// <summary>The chain must be trusted and the certificate must match the host name.</summary>
    Full,
}
