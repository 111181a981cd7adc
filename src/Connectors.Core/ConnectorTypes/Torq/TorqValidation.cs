using System.Text.RegularExpressions;

namespace Connectors.ConnectorTypes.Torq;

/// <summary>The <c>.torq</c> config check, with Kibana's texts: a parseable, allowed URL on Torq's hook hosts (or <c>localhost</c>).</summary>
internal static partial class TorqValidation
{
    public const string Prefix = "error configuring send to Torq action: ";

    public static ConnectorValidationError? ValidateConfig(TorqConfig config, ConnectorValidationContext context)
    {
        if (!Uri.TryCreate(config.WebhookIntegrationUrl, UriKind.Absolute, out var uri))
        {
            return new("webhookIntegrationUrl", Prefix + "unable to parse url: TypeError: Invalid URL");
        }

        if (!context.Policy.IsUriAllowed(config.WebhookIntegrationUrl))
        {
            return new("webhookIntegrationUrl", Prefix + Common.SecretUrls.NotAllowedMessage(config.WebhookIntegrationUrl));
        }

        return IsValidTorqHostName(uri.Host) || uri.Host == "localhost"
            ? null
            : new("webhookIntegrationUrl", Prefix + "url must begin with https://hooks.torq.io or https://hooks.eu.torq.io");
    }

    /// <summary><c>isValidTorqHostName</c>: <c>hooks.torq.io</c> or <c>hooks.eu.torq.io</c>.</summary>
    public static bool IsValidTorqHostName(string hostname) => TorqHost().IsMatch(hostname);

    [GeneratedRegex(@"^hooks\.(eu\.)?torq\.io$")]
    private static partial Regex TorqHost();
}
