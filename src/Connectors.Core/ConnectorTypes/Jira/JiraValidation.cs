using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.ConnectorTypes.Jira;

/// <summary><c>.jira</c> checks with Kibana's texts.</summary>
internal static class JiraValidation
{
    public const int MaxOtherFields = 20;

    private static readonly string[] IncidentProperties = ["summary", "description", "externalId", "issueType", "priority", "labels", "parent", "otherFields"];

    public static ConnectorValidationError? ValidateConfig(JiraConfig config, ConnectorValidationContext context) =>
        context.Policy.IsUriAllowed(config.ApiUrl)
            ? null
            : new("apiUrl", $"error configuring connector action: {ConnectorPolicy.UriNotAllowedMessage(config.ApiUrl)}");

    /// <summary>Labels without whitespace; <c>otherFields</c> a record (a JSON string parsed first) of at most 20 keys, none an incident property.</summary>
    public static ConnectorValidationError? ValidatePush(JiraPushParams p, ConnectorValidationContext context)
    {
        foreach (var label in p.Incident.Labels ?? [])
        {
            if (label.Any(char.IsWhiteSpace))
            {
                return new("incident.labels", $"[incident.labels]: The label {label} cannot contain spaces");
            }
        }

        const string Field = "incident.otherFields";
        JsonNode? value = p.Incident.OtherFields;
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
        }

        if (value is null)
        {
            return null;
        }

        if (value is not JsonObject record)
        {
            return new(Field, $"[{Field}]: expected value of type [object] but got [{value.GetValueKind().ToString().ToLowerInvariant()}]");
        }

        foreach (var (key, _) in record)
        {
            if (IncidentProperties.Contains(key))
            {
                return new(Field, $"[{Field}]: The following properties cannot be defined inside otherFields: {key}.");
            }
        }

        return record.Count > MaxOtherFields
            ? new(Field, $"[{Field}]: A maximum of {MaxOtherFields} fields in otherFields can be defined at a time.")
            : null;
    }

    public static JsonObject? OtherFields(JsonNode? value) => value switch
    {
        JsonValue s when s.GetValueKind() == JsonValueKind.String => JsonNode.Parse(s.GetValue<string>()) as JsonObject,
        JsonObject o => (JsonObject)o.DeepClone(),
        _ => null,
    };
}
