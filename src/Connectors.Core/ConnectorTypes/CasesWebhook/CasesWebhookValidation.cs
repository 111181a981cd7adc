using Connectors.ConnectorTypes.Webhook;

namespace Connectors.ConnectorTypes.CasesWebhook;

/// <summary>The <c>.cases-webhook</c> checks, with Kibana's texts.</summary>
internal static class CasesWebhookValidation
{
    public const string ConfigPrefix = "error configuring cases webhook action: ";

    /// <summary>Method enums per call, as Kibana's schema restricts them.</summary>
    public static ConnectorValidationError? ValidateConfig(CasesWebhookConfig config, ConnectorValidationContext context)
    {
        if (config.CreateIncidentMethod is not (CasesWebhookMethod.Post or CasesWebhookMethod.Put))
        {
            return new("createIncidentMethod", "[createIncidentMethod]: expected one of [post, put]");
        }

        if (config.GetIncidentMethod is not (CasesWebhookMethod.Get or CasesWebhookMethod.Post))
        {
            return new("getIncidentMethod", "[getIncidentMethod]: expected one of [get, post]");
        }

        if (config.UpdateIncidentMethod is CasesWebhookMethod.Get)
        {
            return new("updateIncidentMethod", "[updateIncidentMethod]: expected one of [post, patch, put]");
        }

        if (config.CreateCommentMethod is CasesWebhookMethod.Get)
        {
            return new("createCommentMethod", "[createCommentMethod]: expected one of [post, put, patch]");
        }

        if (config.AuthType == WebhookAuthType.OAuth2ClientCredentials)
        {
            return new("authType", "OAuth2 authentication is not supported for cases webhook connector");
        }

        (string Field, string? Url)[] urls =
        [
            ("createIncidentUrl", config.CreateIncidentUrl), ("createCommentUrl", config.CreateCommentUrl), ("viewIncidentUrl", config.ViewIncidentUrl),
            ("getIncidentUrl", config.GetIncidentUrl), ("updateIncidentUrl", config.UpdateIncidentUrl),
        ];
        foreach (var (field, url) in urls)
        {
            if (string.IsNullOrEmpty(url))
            {
                continue;
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                return new(field, $"{ConfigPrefix}unable to parse {url}: TypeError: Invalid URL");
            }

            if (!context.Policy.IsUriAllowed(url))
            {
                return new(field, ConfigPrefix + ConnectorPolicy.UriNotAllowedMessage(url));
            }
        }

        return null;
    }

    /// <summary><c>validateConnector</c>: auth without any secret.</summary>
    public static string? ValidateConnector(object config, object secrets, ConnectorValidationContext context)
    {
        var c = (CasesWebhookConfig)config;
        var s = (WebhookSecrets)secrets;
        var empty = s.User is null && s.Password is null && s.Crt is null && s.Key is null && s.Pfx is null && s.ClientSecret is null
            && (s.SecretHeaders is null || s.SecretHeaders.Count == 0);
        return c.HasAuth && empty ? "must specify a secrets configuration" : null;
    }
}
