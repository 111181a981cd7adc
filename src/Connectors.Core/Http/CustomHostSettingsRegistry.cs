using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connectors.Internal;

/// <summary>A custom host's settings, resolved at start-up (canonical URL, CA certificates read).</summary>
internal sealed record ResolvedHostSettings(
    string CanonicalUrl,
    TlsVerificationMode? VerificationMode,
    X509Certificate2Collection? CertificateAuthorities,
    bool IgnoreTls,
    bool RequireTls);

/// <summary>
/// Resolves <see cref="ConnectorsOptions.CustomHostSettings"/> as Kibana does at start-up: canonical
/// <c>protocol//host:port</c> URLs, https and smtp only, CA files read, duplicates dropped; problems are logged
/// and the entry skipped, never fatal.
/// </summary>
internal sealed class CustomHostSettingsRegistry
{
    private readonly Dictionary<string, ResolvedHostSettings> byUrl = new(StringComparer.OrdinalIgnoreCase);

    public CustomHostSettingsRegistry(IOptions<ConnectorsOptions> options, ILogger<CustomHostSettingsRegistry> logger)
    {
        foreach (var entry in options.Value.CustomHostSettings)
        {
            if (Resolve(entry, logger) is not { } resolved)
            {
                continue;
            }

            if (!byUrl.TryAdd(resolved.CanonicalUrl, resolved))
            {
                Log.CustomHostProblem(logger, $"multiple URLs match the canonical url \"{resolved.CanonicalUrl}\"; only the first will be used");
            }
        }
    }

    /// <summary>Whether no custom host is configured (then every target gets the default TLS settings).</summary>
    public bool IsEmpty => byUrl.Count == 0;

    /// <summary>The settings for a target URL (its scheme, host and port), if any.</summary>
    public ResolvedHostSettings? Find(Uri target)
    {
        if (byUrl.Count == 0 || !target.IsAbsoluteUri)
        {
            return null;
        }

        var port = target.IsDefaultPort ? DefaultPort(target.Scheme) : target.Port;
        return byUrl.GetValueOrDefault($"{target.Scheme}://{target.IdnHost}:{port}");
    }

    private static ResolvedHostSettings? Resolve(CustomHostSettings entry, ILogger logger)
    {
        if (!Uri.TryCreate(entry.Url, UriKind.Absolute, out var uri))
        {
            Log.CustomHostProblem(logger, $"invalid URL \"{entry.Url}\", ignoring; error: Invalid URL");
            return null;
        }

        if (uri.Scheme is not ("https" or "smtp"))
        {
            Log.CustomHostProblem(logger, $"unsupported protocol used in URL \"{entry.Url}\", ignoring");
            return null;
        }

        var port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort(uri.Scheme) : uri.Port;
        if (port <= 0)
        {
            Log.CustomHostProblem(logger, $"unable to determine port for URL \"{entry.Url}\", ignoring");
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            Log.CustomHostProblem(logger, $"URL \"{uri.Scheme}://{uri.IdnHost}:{port}\" contains authentication information which will be ignored, but should be removed from the configuration");
        }

        var smtp = entry.Smtp;
        if (smtp is not null && uri.Scheme != "smtp")
        {
            Log.CustomHostProblem(logger, $"URL \"{entry.Url}\" contains smtp properties but does not use smtp; ignoring smtp properties");
            smtp = null;
        }

        var requireTls = smtp?.RequireTls ?? false;
        var ignoreTls = smtp?.IgnoreTls ?? false;
        if (requireTls && ignoreTls)
        {
            Log.CustomHostProblem(logger, $"URL \"{entry.Url}\" cannot have both requireTLS and ignoreTLS set to true; using requireTLS: true and ignoreTLS: false");
            ignoreTls = false;
        }

        X509Certificate2Collection? cas = null;
        if (entry.Ssl is { } ssl)
        {
            var pem = new List<string>();
            if (!string.IsNullOrWhiteSpace(ssl.CertificateAuthoritiesData))
            {
                pem.Add(ssl.CertificateAuthoritiesData);
            }

            foreach (var file in ssl.CertificateAuthoritiesFiles)
            {
                try
                {
                    pem.Add(File.ReadAllText(file));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Log.CustomHostProblem(logger, $"error reading file \"{file}\" specified in xpack.actions.customHosts, ignoring: {ex.Message}");
                }
            }

            if (pem.Count > 0)
            {
                cas = [];
                cas.ImportFromPem(string.Join('\n', pem));
            }
        }

        return new ResolvedHostSettings($"{uri.Scheme}://{uri.IdnHost}:{port}", entry.Ssl?.VerificationMode, cas, ignoreTls, requireTls);
    }

    private static int DefaultPort(string scheme) => scheme switch
    {
        "http" => 80,
        "https" => 443,
        "smtp" => 25,
        _ => 0,
    };
}
