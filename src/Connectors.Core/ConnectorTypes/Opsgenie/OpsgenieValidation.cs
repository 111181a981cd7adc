using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.Opsgenie;

/// <summary>The <c>.opsgenie</c> checks, with Kibana's texts.</summary>
internal static class OpsgenieValidation
{
    public const int MessageMaxLength = 130;
    public const int MessageSchemaMaxLength = 15000;

    public const string DefaultApiUrl = "https://api.opsgenie.com";

    /// <summary>The configured <c>apiUrl</c>, else <c>ServiceUrls[".opsgenie"]</c>, else Opsgenie's API.</summary>
    public static string ApiUrl(OpsgenieConfig config, ConnectorPolicy policy) =>
        string.IsNullOrEmpty(config.ApiUrl) ? policy.ServiceUrl(OpsgenieConnector.TypeId, DefaultApiUrl) : config.ApiUrl;

    /// <summary><c>urlAllowListValidator('apiUrl')</c>.</summary>
    public static ConnectorValidationError? ValidateConfig(OpsgenieConfig config, ConnectorValidationContext context)
    {
        var url = ApiUrl(config, context.Policy);
        return context.Policy.IsUriAllowed(url)
            ? null
            : new("apiUrl", $"error validating url: {ConnectorPolicy.UriNotAllowedMessage(url)}");
    }

    public static ConnectorValidationError? ValidateCreateAlert(OpsgenieCreateAlertParams p, ConnectorValidationContext context)
    {
        var first = FieldRules.MinLength("message", p.Message, 1)
            ?? FieldRules.MaxLength("message", p.Message, MessageSchemaMaxLength);
        if (first is not null)
        {
            return first;
        }

        if (string.IsNullOrWhiteSpace(p.Message))
        {
            return new("message", "[message]: must be populated with a value other than just whitespace");
        }

        return FieldRules.MaxLength("description", p.Description, 15000)
            ?? Targets("responders", p.Responders, ["team", "user", "escalation", "schedule"],
                "Each responder must have a \"type\" (team|user|escalation|schedule) and one of \"name\", \"id\", or \"username\"")
            ?? Targets("visibleTo", p.VisibleTo, ["team", "user"],
                "Each visible target must have a \"type\" (team|user) and one of \"name\", \"id\", or \"username\"")
            ?? Strings("actions", p.Actions, 10, 50)
            ?? Strings("tags", p.Tags, 20, 50)
            ?? FieldRules.MaxLength("entity", p.Entity, 512)
            ?? FieldRules.MaxLength("source", p.Source, 100)
            ?? FieldRules.MaxLength("user", p.User, 100)
            ?? FieldRules.MaxLength("note", p.Note, 25000);
    }

    public static ConnectorValidationError? ValidateCloseAlert(OpsgenieCloseAlertParams p, ConnectorValidationContext context) =>
        FieldRules.MaxLength("user", p.User, 100)
        ?? FieldRules.MaxLength("source", p.Source, 100)
        ?? FieldRules.MaxLength("note", p.Note, 25000);

    /// <summary>The response schema: <c>took</c> (a number, or a string coerced to one) and <c>requestId</c> (a string).</summary>
    public static string? ValidateResponse(JsonNode? data)
    {
        if (data is not JsonObject obj)
        {
            return $"expected a plain object value, but found [{Kind(data)}] instead.";
        }

        var took = obj["took"];
        var tookOk = took is JsonValue v && (v.GetValueKind() == JsonValueKind.Number
            || (v.GetValueKind() == JsonValueKind.String && double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)));
        if (!tookOk)
        {
            return $"types that failed validation:\n- [0.took]: expected value of type [number] but got [{Kind(took)}]\n- [1.took]: expected value of type [number] but got [{Kind(took)}]";
        }

        var requestId = obj["requestId"];
        return requestId is JsonValue r && r.GetValueKind() == JsonValueKind.String
            ? null
            : $"types that failed validation:\n- [0.requestId]: expected value of type [string] but got [{Kind(requestId)}]\n- [1.requestId]: expected value of type [string] but got [{Kind(requestId)}]";
    }

    /// <summary><c>createAlias</c>: unchanged up to 512 characters, else <c>sha-&lt;sha256 hex&gt;</c>.</summary>
    public static string CreateAlias(string alias) =>
        alias.Length <= 512
            ? alias
            : "sha-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(alias)));

    private static ConnectorValidationError? Targets(string field, List<OpsgenieTarget>? targets, string[] types, string message)
    {
        if (targets is null)
        {
            return null;
        }

        if (targets.Count > 50)
        {
            return new(field, $"[{field}]: array size is [{targets.Count}], but cannot be greater than [50]");
        }

        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            var identified = (t.Id is not null ? 1 : 0) + (t.Name is not null ? 1 : 0) + (t.Username is not null ? 1 : 0) == 1;
            var typeOk = Array.IndexOf(types, t.Type) >= 0
                && (t.Username is null || t.Type == "user")
                && (field != "visibleTo" || t.Name is null || t.Type == "team");
            if (!identified || !typeOk)
            {
                return new($"{field}.{i}", $"[{field}.{i}]: {message}");
            }
        }

        return null;
    }

    private static ConnectorValidationError? Strings(string field, List<string>? values, int maxItems, int maxLength)
    {
        if (values is null)
        {
            return null;
        }

        if (values.Count > maxItems)
        {
            return new(field, $"[{field}]: array size is [{values.Count}], but cannot be greater than [{maxItems}]");
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (FieldRules.MaxLength($"{field}.{i}", values[i], maxLength) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "undefined",
        JsonObject => "Object",
        JsonArray => "Array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
    };
}
