using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.ConnectorTypes.Common;

/// <summary>A bound <c>{subAction, subActionParams}</c> of a classic connector whose params are a union keyed on <c>subAction</c>.</summary>
internal sealed record SubActionCall(string SubAction, object Params);

/// <summary>
/// The params schema of a classic connector with sub-actions (Slack API, Cases webhook, …): a strict union keyed on
/// <c>subAction</c>, each member with its own strict <c>subActionParams</c> schema. Unlike
/// <see cref="SubActionEnvelopeSchema"/> (the sub-action framework's loose envelope), everything is checked before the
/// executor runs; errors name the field as <c>[subActionParams.&lt;field&gt;]</c>.
/// </summary>
internal sealed class SubActionUnionSchema : ConnectorSchema
{
    private readonly IReadOnlyDictionary<string, ConnectorSchema> members;

    public SubActionUnionSchema(IReadOnlyDictionary<string, ConnectorSchema> members) => this.members = members;

    public IEnumerable<string> SubActions => members.Keys;

    public override Type ValueType => typeof(SubActionCall);

    public override bool TryBind(
        JsonObject? value,
        ConnectorValidationContext context,
        out object? bound,
        out IReadOnlyList<ConnectorValidationError> errors)
    {
        value ??= [];
        bound = null;
        var list = new List<ConnectorValidationError>();
        foreach (var (key, _) in value)
        {
            if (key is not ("subAction" or "subActionParams"))
            {
                list.Add(new(key, $"[{key}]: definition for this key is missing"));
            }
        }

        if (value["subAction"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String)
        {
            list.Add(new("subAction", "[subAction]: expected value of type [string] but got [" + (value["subAction"] is null ? "undefined" : value["subAction"]!.GetValueKind().ToString().ToLowerInvariant()) + "]"));
            errors = list;
            return false;
        }

        var subAction = name.GetValue<string>();
        if (!members.TryGetValue(subAction, out var schema))
        {
            list.Add(new("subAction", $"[subAction]: expected one of [{string.Join(", ", members.Keys)}] but got [{subAction}]"));
            errors = list;
            return false;
        }

        var raw = value["subActionParams"];
        if (raw is not JsonObject subActionParams)
        {
            list.Add(new("subActionParams", "[subActionParams]: expected value of type [object] but got [" + (raw is null ? "undefined" : raw.GetValueKind().ToString().ToLowerInvariant()) + "]"));
            errors = list;
            return false;
        }

        if (!schema.TryBind(subActionParams, context, out var inner, out var innerErrors))
        {
            list.AddRange(innerErrors.Select(Prefix));
        }

        if (list.Count > 0)
        {
            errors = list;
            return false;
        }

        bound = new SubActionCall(subAction, inner!);
        errors = [];
        return true;
    }

    private static ConnectorValidationError Prefix(ConnectorValidationError error)
    {
        var field = error.Field.Length == 0 ? "subActionParams" : "subActionParams." + error.Field;
        var message = error.Field.Length > 0 && error.Message.StartsWith($"[{error.Field}]", StringComparison.Ordinal)
            ? $"[{field}]" + error.Message[(error.Field.Length + 2)..]
            : error.Message;
        return new ConnectorValidationError(field, message);
    }
}
