using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.XMatters;

/// <summary>The <c>.xmatters</c> config, secrets and connector checks, with Kibana's texts.</summary>
internal static class XMattersValidation
{
    public static ConnectorValidationError? ValidateConfig(XMattersConfig config, ConnectorValidationContext context)
    {
        if (!config.UsesBasic || string.IsNullOrEmpty(config.ConfigUrl))
        {
            return null;
        }

        if (!Uri.TryCreate(config.ConfigUrl, UriKind.Absolute, out _))
        {
            return new("configUrl", "Error configuring xMatters action: unable to parse url: Invalid URL");
        }

        return context.Policy.IsUriAllowed(config.ConfigUrl)
            ? null
            : new("configUrl", $"Error configuring xMatters action: {ConnectorPolicy.UriNotAllowedMessage(config.ConfigUrl)}");
    }

    public static ConnectorValidationError? ValidateSecrets(XMattersSecrets secrets, ConnectorValidationContext context)
    {
        if (string.IsNullOrEmpty(secrets.User) && string.IsNullOrEmpty(secrets.Password) && string.IsNullOrEmpty(secrets.SecretsUrl))
        {
            return new(string.Empty, "Provide either secretsUrl link or user/password to authenticate");
        }

        if (!string.IsNullOrEmpty(secrets.SecretsUrl))
        {
            if (!string.IsNullOrEmpty(secrets.User) || !string.IsNullOrEmpty(secrets.Password))
            {
                return new(string.Empty, "Cannot use user/password for URL authentication. Provide valid secretsUrl or use Basic Authentication.");
            }

            if (!Uri.TryCreate(secrets.SecretsUrl, UriKind.Absolute, out _))
            {
                return new("secretsUrl", "Invalid secretsUrl: TypeError: Invalid URL");
            }

            // The secrets URL carries the API key: only its origin goes into the message.
            return context.Policy.IsUriAllowed(secrets.SecretsUrl)
                ? null
                : new("secretsUrl", SecretUrls.NotAllowedMessage(secrets.SecretsUrl));
        }

        return string.IsNullOrEmpty(secrets.User) || string.IsNullOrEmpty(secrets.Password)
            ? new(string.Empty, "Both user and password must be specified.")
            : null;
    }

    public static string? ValidateConnector(object config, object secrets, ConnectorValidationContext context)
    {
        var c = (XMattersConfig)config;
        var s = (XMattersSecrets)secrets;
        if (c.UsesBasic)
        {
            return s.SecretsUrl is not null ? "secretsUrl should not be provided when usesBasic is true"
                : s.User is null ? "Provide valid Username"
                : s.Password is null ? "Provide valid Password"
                : c.ConfigUrl is null ? "Provide valid configUrl"
                : null;
        }

        return s.User is not null || s.Password is not null ? "Username and password should not be provided when usesBasic is false"
            : c.ConfigUrl is not null ? "configUrl should not be provided when usesBasic is false"
            : s.SecretsUrl is null ? "Provide valid secretsUrl with API Key"
            : null;
    }
}
