using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.ConnectorTypes.ServiceNow;

/// <summary>ServiceNow config, secrets, connector and params checks (<c>lib/servicenow/validators.ts</c>, Kibana's texts).</summary>
internal static class ServiceNowValidation
{
    public static ConnectorValidationError? ValidateConfig(ServiceNowConfig config, ConnectorValidationContext context)
    {
        if (!context.Policy.IsUriAllowed(config.ApiUrl))
        {
            return new("apiUrl", $"error configuring connector action: {ConnectorPolicy.UriNotAllowedMessage(config.ApiUrl)}");
        }

        if (config.IsOAuth)
        {
            if (config.UserIdentifierValue is null)
            {
                return new("userIdentifierValue", "userIdentifierValue must be provided when isOAuth = true");
            }

            if (config.ClientId is null)
            {
                return new("clientId", "clientId must be provided when isOAuth = true");
            }

            if (config.JwtKeyId is null)
            {
                return new("jwtKeyId", "jwtKeyId must be provided when isOAuth = true");
            }
        }

        return null;
    }

    public static ConnectorValidationError? ValidateItomConfig(ServiceNowItomConfig config, ConnectorValidationContext context) =>
        ValidateConfig(config.ToConfig(), context);

    public static ConnectorValidationError? ValidateSecrets(ServiceNowSecrets secrets, ConnectorValidationContext context)
    {
        if (secrets.Username is null && secrets.Password is null && secrets.ClientSecret is null && secrets.PrivateKey is null)
        {
            return new(string.Empty, "Either basic auth or OAuth credentials must be specified");
        }

        if ((secrets.Username is null) != (secrets.Password is null))
        {
            return new(string.Empty, "username and password must both be specified");
        }

        if ((secrets.ClientSecret is null) != (secrets.PrivateKey is null))
        {
            return new(string.Empty, "clientSecret and privateKey must both be specified");
        }

        return null;
    }

    /// <summary>The cross-field rule: OAuth needs its five fields and no basic auth; basic auth needs both and no OAuth field.</summary>
    public static string? ValidateConnector(object config, object secrets, ConnectorValidationContext context)
    {
        var c = config is ServiceNowItomConfig itom ? itom.ToConfig() : (ServiceNowConfig)config;
        var s = (ServiceNowSecrets)secrets;
        if (c.IsOAuth)
        {
            foreach (var (name, value) in new[]
            {
                ("userIdentifierValue", c.UserIdentifierValue), ("clientId", c.ClientId), ("jwtKeyId", c.JwtKeyId),
                ("clientSecret", s.ClientSecret), ("privateKey", s.PrivateKey),
            })
            {
                if (string.IsNullOrEmpty(value))
                {
                    return $"{name} must be provided when isOAuth = true";
                }
            }

            return s.Username is not null || s.Password is not null
                ? "Username and password should not be provided with isOAuth = true"
                : null;
        }

        if (string.IsNullOrEmpty(s.Username))
        {
            return "username must be provided when isOAuth = false";
        }

        if (string.IsNullOrEmpty(s.Password))
        {
            return "password must be provided when isOAuth = false";
        }

        return c.ClientId is not null || s.ClientSecret is not null || c.JwtKeyId is not null || c.UserIdentifierValue is not null || s.PrivateKey is not null
            ? "clientId, clientSecret, userIdentifierValue, jwtKeyId and privateKey should not be provided with isOAuth = false"
            : null;
    }

    /// <summary>Kibana's <c>isConnectorDeprecated</c> for ITSM and SecOps: a connector on the Table API (or from before the flag).</summary>
    public static bool IsDeprecated(JsonObject config) => config["usesTableApi"] switch
    {
        null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        _ => true,
    };

    public static ConnectorValidationError? ValidateItsmPush(ServiceNowItsmPushParams p, ConnectorValidationContext context) =>
        ValidateAdditionalFields(p.Incident.AdditionalFields);

    public static ConnectorValidationError? ValidateSirPush(ServiceNowSirPushParams p, ConnectorValidationContext context) =>
        ValidateAdditionalFields(p.Incident.AdditionalFields) ?? ValidateObservable("dest_ip", p.Incident.DestIp)
            ?? ValidateObservable("malware_hash", p.Incident.MalwareHash) ?? ValidateObservable("malware_url", p.Incident.MalwareUrl)
            ?? ValidateObservable("source_ip", p.Incident.SourceIp);

    /// <summary><c>additional_fields</c>: a JSON string is parsed first (Coerced); a record of at most 20 keys, none a common attribute.</summary>
    public static ConnectorValidationError? ValidateAdditionalFields(JsonNode? value)
    {
        const string Field = "incident.additional_fields";
        if (value is null)
        {
            return null;
        }

        if (value is JsonValue s && s.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                value = JsonNode.Parse(s.GetValue<string>());
            }
            catch (JsonException ex)
            {
                return new(Field, $"[{Field}]: {ex.Message}");
            }

            if (value is null)
            {
                return null;
            }
        }

        if (value is not JsonObject record)
        {
            return new(Field, $"[{Field}]: expected value of type [object] but got [{value.GetValueKind().ToString().ToLowerInvariant()}]");
        }

        foreach (var (key, _) in record)
        {
            if (ServiceNowConstants.CommonAttributes.Contains(key))
            {
                return new(Field, $"[{Field}]: The following properties cannot be defined inside additional_fields: {key}.");
            }
        }

        return record.Count > ServiceNowConstants.MaxAdditionalFields
            ? new(Field, $"[{Field}]: A maximum of {ServiceNowConstants.MaxAdditionalFields} fields in additional_fields can be defined at a time.")
            : null;
    }

    /// <summary>The parsed <c>additional_fields</c> record (after validation), or <see langword="null"/>.</summary>
    public static JsonObject? AdditionalFields(JsonNode? value) => value switch
    {
        null => null,
        JsonValue s when s.GetValueKind() == JsonValueKind.String => JsonNode.Parse(s.GetValue<string>()) as JsonObject,
        JsonObject o => (JsonObject)o.DeepClone(),
        _ => null,
    };

    private static ConnectorValidationError? ValidateObservable(string name, JsonNode? value)
    {
        var field = "incident." + name;
        return value switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => null,
            JsonArray a when a.All(e => e is JsonValue ev && ev.GetValueKind() == JsonValueKind.String) => null,
            _ => new(field, $"[{field}]: expected value of type [string] or [array] of [string]"),
        };
    }
}
