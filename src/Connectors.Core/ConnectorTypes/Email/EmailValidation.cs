namespace Connectors.ConnectorTypes.Email;

/// <summary>The <c>.email</c> custom checks, with Kibana's texts.</summary>
internal static class EmailValidation
{
    public const string NoRecipients = "At least one entry in [to], [cc], or [bcc] is required";

    public static ConnectorValidationError? ValidateConfig(EmailConfig config, ConnectorValidationContext context)
    {
        if (context.Policy.ValidateEmailAddresses([config.From], isSender: true) is { } fromError)
        {
            return new("from", $"[from]: {fromError}");
        }

        if (config.Port is { } port && port is < 1 or > 65535)
        {
            return new("port", "[port]: must be an integer between 1 and 65535");
        }

        if (config.Service == EmailServices.ElasticCloud && config.AllowHtml == true)
        {
            return new("allowHtml", "[allowHtml]: cannot be true when [service] is \"elastic_cloud\"");
        }

        if (config.OauthTokenUrl is { } tokenUrl && !context.Policy.IsUriAllowed(tokenUrl))
        {
            return new("oauthTokenUrl", $"[oauthTokenUrl]: host name value for '{tokenUrl}' is not in the allowedHosts configuration");
        }

        switch (config.Service)
        {
            case EmailServices.ExchangeServer:
                if (config.ClientId is null && config.TenantId is null)
                {
                    return new("clientId", "[clientId]/[tenantId] is required");
                }

                if (config.ClientId is null)
                {
                    return new("clientId", "[clientId] is required");
                }

                if (config.TenantId is null)
                {
                    return new("tenantId", "[tenantId] is required");
                }

                return null;

            case EmailServices.Other:
                if (config.Host is null && config.Port is null)
                {
                    return new("host", "[host]/[port] is required");
                }

                if (config.Host is null)
                {
                    return new("host", "[host] is required");
                }

                if (config.Port is null)
                {
                    return new("port", "[port] is required");
                }

                if (!context.Policy.IsHostnameAllowed(config.Host))
                {
                    return new("host", $"[host] value '{config.Host}' is not in the allowedHosts configuration");
                }

                return null;

            default:
                if (!EmailServices.TryGetPreset(config.Service, out var preset))
                {
                    return new("service", $"[service] value '{config.Service}' is not valid");
                }

                if (!context.Policy.IsHostnameAllowed(preset.Host))
                {
                    return new(
                        "service",
                        $"[service] value '{config.Service}' resolves to host '{preset.Host}' which is not in the allowedHosts configuration");
                }

                return null;
        }
    }

    /// <summary>Kibana's connector validator: Exchange needs a client secret; otherwise <c>hasAuth</c> needs user and password.</summary>
    public static string? ValidateConnector(object config, object secrets, ConnectorValidationContext context)
    {
        var c = (EmailConfig)config;
        var s = (EmailSecrets)secrets;
        if (c.Service == EmailServices.ExchangeServer)
        {
            return s.ClientSecret is null ? "[clientSecret] is required" : null;
        }

        if (c.HasAuth)
        {
            if (s.User is null)
            {
                return "[user] is required";
            }

            if (s.Password is null)
            {
                return "[password] is required";
            }
        }

        return null;
    }

    public static ConnectorValidationError? ValidateParams(EmailParams parameters, ConnectorValidationContext context)
    {
        var recipients = Recipients(parameters);
        if (recipients.Count == 0)
        {
            return new(string.Empty, NoRecipients);
        }

        foreach (var (name, list) in new[] { ("to", parameters.To), ("cc", parameters.Cc), ("bcc", parameters.Bcc), ("replyTo", parameters.ReplyTo ?? []) })
        {
            var limit = name == "replyTo" ? 10 : 100;
            if (list.Count > limit)
            {
                return new(name, $"[{name}]: array size is [{list.Count}], but cannot be greater than [{limit}]");
            }

            if (list.FirstOrDefault(a => a.Length > 512) is { } tooLong)
            {
                return new(name, $"[{name}]: value has length [{tooLong.Length}] but it must have a maximum length of [512].");
            }
        }

        var addresses = recipients.Concat((parameters.ReplyTo ?? []).Where(a => !string.IsNullOrWhiteSpace(a)));
        if (context.Policy.ValidateEmailAddresses(addresses, treatTemplatesAsValid: true) is { } error)
        {
            return new(string.Empty, $"{RecipientsLabel(parameters)}: {error}");
        }

        return null;
    }

    /// <summary>to + cc + bcc, blank entries dropped.</summary>
    public static List<string> Recipients(EmailParams parameters) =>
        [.. parameters.To.Concat(parameters.Cc).Concat(parameters.Bcc).Where(a => !string.IsNullOrWhiteSpace(a))];

    public static string RecipientsLabel(EmailParams parameters) =>
        parameters.ReplyTo is { Count: > 0 } ? "[to/cc/bcc/replyTo]" : "[to/cc/bcc]";
}
