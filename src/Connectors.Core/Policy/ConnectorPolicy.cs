using Connectors.Internal;
using Microsoft.Extensions.Options;

namespace Connectors;

/// <summary>
/// The policy layer shared by the framework and connector types (Kibana's configuration utilities): enabled types,
/// allowed hosts (the SSRF guard) and the email address allowlists.
/// </summary>
public sealed class ConnectorPolicy
{
    private readonly IOptionsMonitor<ConnectorsOptions> options;

    /// <summary>Creates the policy over the current options.</summary>
    /// <param name="options">The options.</param>
    public ConnectorPolicy(IOptionsMonitor<ConnectorsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
    }

    /// <summary>Whether a connector type is listed in <see cref="ConnectorsOptions.EnabledConnectorTypes"/> (or <c>*</c> is).</summary>
    /// <param name="connectorTypeId">The type id.</param>
    /// <returns>Whether it is enabled in configuration.</returns>
    public bool IsConnectorTypeEnabled(string connectorTypeId)
    {
        var enabled = options.CurrentValue.EnabledConnectorTypes;
        return enabled.Contains("*") || enabled.Contains(connectorTypeId);
    }

    /// <summary>
    /// Whether a host name is allowed: <c>*</c> allows all; otherwise an exact, case-insensitive match, or a
    /// <c>*.example.com</c> entry matching any subdomain of <c>example.com</c>.
    /// </summary>
    /// <param name="hostname">The host name.</param>
    /// <returns>Whether it is allowed.</returns>
    public bool IsHostnameAllowed(string? hostname) => AllowedHosts.IsAllowed(options.CurrentValue.AllowedHosts, hostname);

    /// <summary>Whether a URL's host is allowed (Kibana's <c>isUriAllowed</c>, with the same host extraction).</summary>
    /// <param name="uri">The URL.</param>
    /// <returns>Whether it is allowed.</returns>
    public bool IsUriAllowed(string? uri) =>
        AllowedHosts.IsAllowed(options.CurrentValue.AllowedHosts, AllowedHosts.GetHostname(uri));

    /// <summary>The configured <see cref="ConnectorsOptions.ServiceUrls"/> entry for a type, or <paramref name="fallback"/>.</summary>
    internal string ServiceUrl(string connectorTypeId, string fallback) =>
        options.CurrentValue.ServiceUrls.TryGetValue(connectorTypeId, out var url) ? url : fallback;

    /// <summary>Kibana's message for a URL whose host is not allowed.</summary>
    /// <param name="uri">The URL.</param>
    /// <returns><c>target url "…" is not added to the Kibana config xpack.actions.allowedHosts</c>.</returns>
    public static string UriNotAllowedMessage(string? uri) =>
        $"target url \"{uri}\" is not added to the Kibana config xpack.actions.allowedHosts";

    /// <summary>Kibana's message for a host name that is not allowed.</summary>
    /// <param name="hostname">The host name.</param>
    /// <returns><c>target hostname "…" is not added to the Kibana config xpack.actions.allowedHosts</c>.</returns>
    public static string HostnameNotAllowedMessage(string? hostname) =>
        $"target hostname \"{hostname}\" is not added to the Kibana config xpack.actions.allowedHosts";

    /// <summary>Throws <see cref="ConnectorForbiddenException"/> when a URL's host is not allowed.</summary>
    /// <param name="uri">The URL.</param>
    /// <exception cref="ConnectorForbiddenException">The host is not allowed.</exception>
    public void EnsureUriAllowed(string? uri)
    {
        if (!IsUriAllowed(uri))
        {
            throw new ConnectorForbiddenException(UriNotAllowedMessage(uri));
        }
    }

    /// <summary>
    /// Validates email addresses against <see cref="EmailOptions.DomainAllowlist"/> and
    /// <see cref="EmailOptions.RecipientAllowlist"/> (Kibana's algorithm, domains compared case-insensitively).
    /// </summary>
    /// <param name="addresses">The addresses (each may be a list, with display names or groups).</param>
    /// <param name="isSender">The addresses are senders: the recipient allowlist does not apply.</param>
    /// <param name="treatTemplatesAsValid">Addresses containing a <c>{{…}}</c> template are valid (checked again after rendering).</param>
    /// <returns><see langword="null"/> when all are valid; else <c>not valid emails: …; not allowed emails: …</c>.</returns>
    public string? ValidateEmailAddresses(IEnumerable<string> addresses, bool isSender = false, bool treatTemplatesAsValid = false)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var email = options.CurrentValue.Email;
        return EmailAddressValidator.Validate(
            email.DomainAllowlist,
            email.RecipientAllowlist,
            addresses,
            isSender,
            treatTemplatesAsValid);
    }
}
