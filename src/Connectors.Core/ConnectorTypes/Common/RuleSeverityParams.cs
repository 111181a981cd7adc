using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Templating;

namespace Connectors.ConnectorTypes.Common;

/// <summary>
/// Kibana's <c>isRuleSeverity: true</c> for TheHive and XSOAR: before rendering, the sub-action's <c>severity</c> is
/// taken from the alert's <c>context.rule.severity</c> (low 1, medium 2, high 3, critical 4, otherwise a fallback).
/// </summary>
internal static class RuleSeverityParams
{
    private static readonly MustacheTemplate RuleSeverity = MustacheTemplate.Parse("{{context.rule.severity}}");
    private static readonly MustacheRenderOptions Plain = new() { Escape = MustacheEscape.None, KibanaCompatible = true };

    /// <summary>Returns <paramref name="parameters"/>, or a copy with the severity set when the sub-action asks for it.</summary>
    public static JsonObject Apply(JsonObject parameters, object variables, string subAction, int fallback)
    {
        if ((parameters["subAction"] as JsonValue)?.ToString() != subAction
            || parameters["subActionParams"] is not JsonObject p
            || p["isRuleSeverity"] is not JsonValue flag || flag.GetValueKind() != JsonValueKind.True)
        {
            return parameters;
        }

        var severity = RuleSeverity.Render(variables, Plain) switch
        {
            "low" => 1,
            "medium" => 2,
            "high" => 3,
            "critical" => 4,
            _ => fallback,
        };
        var copy = (JsonObject)parameters.DeepClone();
        copy["subActionParams"]!["severity"] = severity;
        return copy;
    }
}
