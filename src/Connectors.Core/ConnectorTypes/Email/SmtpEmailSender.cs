using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using MailKit.Net.Proxy;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Connectors.ConnectorTypes.Email;

/// <summary>How one SMTP connection is made: endpoint, TLS mode and verification, credentials, proxy, timeout.</summary>
internal sealed record SmtpTransportSettings
{
    public required SmtpEndpoint Endpoint { get; init; }

    public SecureSocketOptions SocketOptions { get; init; }

    public TlsVerificationMode VerificationMode { get; init; }

    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    public string? User { get; init; }

    public string? Password { get; init; }

    public Uri? Proxy { get; init; }

    public TimeSpan Timeout { get; init; }
}

/// <summary>Sends a MIME message over SMTP with MailKit; failures propagate as MailKit's typed exceptions.</summary>
internal static class SmtpEmailSender
{
    /// <summary>
    /// The transport settings as Kibana's <c>getTransportConfig</c> makes them: implicit TLS when <c>secure</c>,
    /// otherwise STARTTLS when offered (<c>requireTLS</c>: it must be; <c>ignoreTLS</c>: never); an unauthenticated
    /// plain connection accepts any certificate; a custom host's verification mode and CAs win.
    /// </summary>
    public static SmtpTransportSettings Resolve(
        SmtpEndpoint endpoint, EmailConfig config, EmailSecrets secrets, ConnectorsOptions options, Connectors.Internal.ResolvedHostSettings? host)
    {
        var mode = !endpoint.Secure && secrets.User is null && secrets.Password is null
            ? TlsVerificationMode.None
            : options.Ssl.VerificationMode;
        if (host is not null)
        {
            mode = host.VerificationMode ?? options.Ssl.VerificationMode;
        }

        var socket = endpoint.Secure ? SecureSocketOptions.SslOnConnect
            : host is { IgnoreTls: true } ? SecureSocketOptions.None
            : host is { RequireTls: true } ? SecureSocketOptions.StartTls
            : SecureSocketOptions.StartTlsWhenAvailable;

        return new SmtpTransportSettings
        {
            Endpoint = endpoint,
            SocketOptions = socket,
            VerificationMode = mode,
            CertificateAuthorities = host?.CertificateAuthorities,
            User = config.HasAuth ? secrets.User : null,
            Password = config.HasAuth ? secrets.Password : null,
            Proxy = UseProxy(endpoint.Host, options),
            Timeout = options.ResponseTimeout,
        };
    }

    public static async Task<JsonObject> SendAsync(SmtpTransportSettings settings, MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient
        {
            Timeout = (int)Math.Min(int.MaxValue, settings.Timeout.TotalMilliseconds),
            CheckCertificateRevocation = false,
        };
        client.ServerCertificateValidationCallback = (_, certificate, chain, errors) =>
            Connectors.Internal.TlsValidator.Validate(certificate, chain, errors, settings.VerificationMode, settings.CertificateAuthorities);
        if (settings.Proxy is { } proxy)
        {
            client.ProxyClient = proxy.Scheme switch
            {
                "https" => new HttpsProxyClient(proxy.Host, proxy.Port),
                "socks5" or "socks" => new Socks5Client(proxy.Host, proxy.Port),
                "socks4" => new Socks4Client(proxy.Host, proxy.Port),
                _ => new HttpProxyClient(proxy.Host, proxy.Port),
            };
        }

        await client.ConnectAsync(settings.Endpoint.Host, settings.Endpoint.Port, settings.SocketOptions, cancellationToken).ConfigureAwait(false);
        if (settings.User is not null && settings.Password is not null)
        {
            await client.AuthenticateAsync(settings.User, settings.Password, cancellationToken).ConfigureAwait(false);
        }

        var response = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(true, cancellationToken).ConfigureAwait(false);

        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).Select(m => (JsonNode?)m.Address).ToArray();
        return new JsonObject
        {
            ["accepted"] = new JsonArray(recipients),
            ["rejected"] = new JsonArray(),
            ["envelope"] = new JsonObject
            {
                ["from"] = message.From.Mailboxes.FirstOrDefault()?.Address,
                ["to"] = new JsonArray([.. recipients.Select(r => r?.DeepClone())]),
            },
            ["messageId"] = $"<{message.MessageId}>",
            ["response"] = response,
        };
    }

    /// <summary>
    /// Classifies a send failure from MailKit's structured data: SMTP 4xx → retry later; SMTP 5xx, authentication,
    /// TLS and unsupported-capability failures → user error without retry; connection failures → retry later.
    /// Returns <see langword="null"/> for an exception that is not a send failure.
    /// </summary>
    public static (string ServiceMessage, RetryHint? Retry, ErrorSource Source)? Classify(Exception exception, SmtpEndpoint endpoint) => exception switch
    {
        SmtpCommandException command when (int)command.StatusCode is >= 400 and < 500 =>
            ($"{(int)command.StatusCode} {command.Message}", RetryHint.Later, ErrorSource.Framework),
        SmtpCommandException command => ($"{(int)command.StatusCode} {command.Message}", null, ErrorSource.User),
        AuthenticationException auth => ($"Invalid login: {auth.Message}", null, ErrorSource.User),
        SslHandshakeException tls => (tls.Message, null, ErrorSource.User),
        NotSupportedException unsupported => (unsupported.Message, null, ErrorSource.User),
        ParseException parse => (parse.Message, null, ErrorSource.User),
        SocketException socket => (SocketMessage(socket, endpoint), RetryHint.Later, ErrorSource.Framework),
        SmtpProtocolException or IOException or TimeoutException or ProxyProtocolException =>
            (exception.InnerException is SocketException inner ? SocketMessage(inner, endpoint) : exception.Message, RetryHint.Later, ErrorSource.Framework),
        _ => null,
    };

    private static string SocketMessage(SocketException socket, SmtpEndpoint endpoint) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => $"connect ECONNREFUSED {endpoint.Host}:{endpoint.Port}",
        SocketError.HostNotFound or SocketError.NoData => $"getaddrinfo ENOTFOUND {endpoint.Host}",
        SocketError.TimedOut => $"connect ETIMEDOUT {endpoint.Host}:{endpoint.Port}",
        SocketError.ConnectionReset => "read ECONNRESET",
        _ => socket.Message,
    };

    private static Uri? UseProxy(string host, ConnectorsOptions options)
    {
        if (string.IsNullOrEmpty(options.ProxyUrl) || !Uri.TryCreate(options.ProxyUrl, UriKind.Absolute, out var proxy))
        {
            return null;
        }

        if (options.ProxyBypassHosts is { } bypass && bypass.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        if (options.ProxyOnlyHosts is { } only && !only.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        return proxy;
    }
}
