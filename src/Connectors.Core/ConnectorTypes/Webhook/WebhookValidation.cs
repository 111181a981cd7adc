using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.ConnectorTypes.Webhook;

/// <summary>The <c>.webhook</c> custom checks, with Kibana's texts.</summary>
internal static class WebhookValidation
{
    public const string ConfigPrefix = "error validation webhook action config: ";

    public const string SecretsCombinations =
        "must specify one of the following schemas: user and password; crt and key (with optional password); pfx (with optional password); or clientSecret (for OAuth2)";

    public static ConnectorValidationError? ValidateConfig(WebhookConfig config, ConnectorValidationContext context)
    {
        if (!Uri.TryCreate(config.Url, UriKind.Absolute, out _))
        {
            return Error("url", "unable to parse url: TypeError: Invalid URL");
        }

        if (!context.Policy.IsUriAllowed(config.Url))
        {
            return Error("url", ConnectorPolicy.UriNotAllowedMessage(config.Url));
        }

        if (config.AuthType is not null && !config.HasAuth)
        {
            return Error("authType", "authType must be null or undefined if hasAuth is false");
        }

        if (config.AdditionalFields is { } additional && !IsNonEmptyJsonObject(additional))
        {
            return Error("additionalFields", "additionalFields must be a non-empty JSON object.");
        }

        if (config.AuthType == WebhookAuthType.OAuth2ClientCredentials)
        {
            var missing = new List<string>(2);
            if (string.IsNullOrWhiteSpace(config.AccessTokenUrl))
            {
                missing.Add("Access Token URL (accessTokenUrl)");
            }

            if (string.IsNullOrWhiteSpace(config.ClientId))
            {
                missing.Add("Client ID (clientId)");
            }

            if (missing.Count > 0)
            {
                return Error(missing.Count == 2 ? "accessTokenUrl" : missing[0].Contains("accessTokenUrl", StringComparison.Ordinal) ? "accessTokenUrl" : "clientId",
                    $"missing {string.Join(", ", missing)} fields");
            }

            if (!Uri.TryCreate(config.AccessTokenUrl, UriKind.Absolute, out _))
            {
                return Error("accessTokenUrl", "unable to parse url: TypeError: Invalid URL");
            }

            if (!context.Policy.IsUriAllowed(config.AccessTokenUrl))
            {
                return Error("accessTokenUrl", ConnectorPolicy.UriNotAllowedMessage(config.AccessTokenUrl));
            }
        }

        return null;
    }

    public static ConnectorValidationError? ValidateSecrets(WebhookSecrets s, ConnectorValidationContext context)
    {
        static bool Has(string? value) => value is not null;
        var userPassword = Has(s.User) && Has(s.Password) && !Has(s.Crt) && !Has(s.Key) && !Has(s.Pfx) && !Has(s.ClientSecret);
        var crtKey = Has(s.Crt) && Has(s.Key) && !Has(s.User) && !Has(s.Pfx) && !Has(s.ClientSecret);
        var pfx = Has(s.Pfx) && !Has(s.User) && !Has(s.Crt) && !Has(s.Key) && !Has(s.ClientSecret);
        var clientSecret = Has(s.ClientSecret) && !Has(s.User) && !Has(s.Password) && !Has(s.Crt) && !Has(s.Key) && !Has(s.Pfx);
        var nothing = !Has(s.User) && !Has(s.Password) && !Has(s.Crt) && !Has(s.Key) && !Has(s.Pfx) && !Has(s.ClientSecret);
        return nothing || userPassword || crtKey || pfx || clientSecret
            ? null
            : new ConnectorValidationError(string.Empty, SecretsCombinations);
    }

    public static Dictionary<string, string> ParseAdditionalFields(string? additionalFields)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (additionalFields is null || JsonNode.Parse(additionalFields) is not JsonObject obj)
        {
            return fields;
        }

        foreach (var (key, value) in obj)
        {
            fields[key] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? string.Empty;
        }

        return fields;
    }

    private static bool IsNonEmptyJsonObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject { Count: > 0 };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ConnectorValidationError Error(string field, string message) => new(field, ConfigPrefix + message);
}
