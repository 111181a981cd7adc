namespace Connectors.ConnectorTypes.Common;

/// <summary>Field checks shared by connector types: the webhook-URL check (Slack, Teams) and config-schema's length rules.</summary>
internal static class FieldRules
{
    /// <summary>
    /// <c>new URL(webhookUrl)</c> then <c>ensureUriAllowed</c>, with <c>error configuring &lt;kind&gt; action: …</c>.
    /// </summary>
    public static ConnectorValidationError? Validate(string field, string url, string kind, ConnectorValidationContext context)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            return new(field, $"error configuring {kind} action: unable to parse host name from {field}");
        }

        return context.Policy.IsUriAllowed(url)
            ? null
            : new(field, $"error configuring {kind} action: {SecretUrls.NotAllowedMessage(url)}");
    }

    /// <summary>config-schema's <c>minLength</c> message.</summary>
    public static ConnectorValidationError? MinLength(string field, string? value, int min) =>
        value is not null && value.Length < min
            ? new(field, $"[{field}]: value has length [{value.Length}] but it must have a minimum length of [{min}].")
            : null;

    /// <summary>config-schema's <c>maxLength</c> message.</summary>
    public static ConnectorValidationError? MaxLength(string field, string? value, int max) =>
        value is not null && value.Length > max
            ? new(field, $"[{field}]: value has length [{value.Length}] but it must have a maximum length of [{max}].")
            : null;
}
