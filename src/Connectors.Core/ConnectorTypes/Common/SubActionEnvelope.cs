using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.ConnectorTypes.Common;

/// <summary>
/// The params of a sub-action connector: <c>{subAction, subActionParams}</c>. The per-sub-action schema is applied by
/// <see cref="SubActionSet{TService}"/> when the executor runs, as Kibana's sub-action framework does.
/// </summary>
internal sealed record SubActionEnvelope(string SubAction, JsonObject? SubActionParams);

/// <summary>
/// The envelope schema of Kibana's sub-action framework: <c>subAction</c> a string, <c>subActionParams</c> an
/// optional object (or <see langword="null"/>); other keys pass through.
/// </summary>
internal sealed class SubActionEnvelopeSchema : ConnectorSchema
{
    public static SubActionEnvelopeSchema Instance { get; } = new();

    public override Type ValueType => typeof(SubActionEnvelope);

    public override bool TryBind(
        JsonObject? value,
        ConnectorValidationContext context,
        out object? bound,
        out IReadOnlyList<ConnectorValidationError> errors)
    {
        value ??= [];
        var list = new List<ConnectorValidationError>();
        string? subAction = null;
        if (value["subAction"] is JsonValue name && name.GetValueKind() == JsonValueKind.String)
        {
            subAction = name.GetValue<string>();
        }
        else
        {
            list.Add(new("subAction", $"[subAction]: expected value of type [string] but got [{Describe(value["subAction"], value.ContainsKey("subAction"))}]"));
        }

        JsonObject? subActionParams = null;
        if (value.TryGetPropertyValue("subActionParams", out var raw) && raw is not null)
        {
            if (raw is JsonObject obj)
            {
                subActionParams = (JsonObject)obj.DeepClone();
            }
            else
            {
                list.Add(new("subActionParams", $"[subActionParams]: expected value of type [object] but got [{Describe(raw, true)}]"));
            }
        }

        if (list.Count > 0)
        {
            bound = null;
            errors = list;
            return false;
        }

        bound = new SubActionEnvelope(subAction!, subActionParams);
        errors = [];
        return true;
    }

    private static string Describe(JsonNode? node, bool present) => node switch
    {
        null => present ? "null" : "undefined",
        JsonObject => "Object",
        JsonArray => "Array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "string",
        },
        _ => "unknown",
    };
}
