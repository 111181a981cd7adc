using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Connectors.Internal;

namespace Connectors.ConnectorTypes.PagerDuty;

/// <summary>The <c>.pagerduty</c> config: the Events API URL (<see langword="null"/>: PagerDuty's).</summary>
internal sealed record PagerDutyConfig
{
    public string? ApiUrl { get; init; }

    /// <summary>The last API URL parsed for this bound config.</summary>
    internal UriMemo ParsedUrls { get; } = new();
}

/// <summary>The <c>.pagerduty</c> secrets: the integration's routing key.</summary>
internal sealed record PagerDutySecrets
{
    public required string RoutingKey { get; init; }
}

/// <summary>The <c>.pagerduty</c> params (Kibana's names; sent as Events API v2 snake_case).</summary>
internal sealed record PagerDutyParams
{
    public PagerDutyEventAction? EventAction { get; set; }

    public string? DedupKey { get; set; }

    public string? Summary { get; set; }

    public string? Source { get; set; }

    public PagerDutySeverity? Severity { get; set; }

    public string? Timestamp { get; set; }

    public string? Component { get; set; }

    public string? Group { get; set; }

    public string? Class { get; set; }

    public List<PagerDutyLink>? Links { get; set; }

    /// <summary>An object, or a string holding a JSON object.</summary>
    public JsonNode? CustomDetails { get; set; }

    /// <summary>
    /// The usual params bound in one pass, as the schema's check and binding bind them: every key one of the string
    /// members or an enum given by its name, every value a string. <see langword="null"/> for anything else (custom
    /// details, links, another key, another kind of value, an unknown enum name), which the schema checks and binds as
    /// usual, with its errors.
    /// </summary>
    internal static PagerDutyParams? BindUsual(JsonObject value)
    {
        var p = new PagerDutyParams();
        var count = value.Count;
        for (var i = 0; i < count; i++)
        {
            var (key, node) = value.GetAt(i);
            if (node is not JsonValue v || !v.TryGetValue<string>(out var text))
            {
                return null;
            }

            switch (key)
            {
                // An enum by one of its names (an unknown name falls to the default: the schema's error).
                case "eventAction" when EventActionNamed(text) is { } action:
                    p.EventAction = action;
                    break;
                case "severity" when SeverityNamed(text) is { } severity:
                    p.Severity = severity;
                    break;
                case "dedupKey":
                    p.DedupKey = text;
                    break;
                case "summary":
                    p.Summary = text;
                    break;
                case "source":
                    p.Source = text;
                    break;
                case "timestamp":
                    p.Timestamp = text;
                    break;
                case "component":
                    p.Component = text;
                    break;
                case "group":
                    p.Group = text;
                    break;
                case "class":
                    p.Class = text;
                    break;
                default:
                    return null;
            }
        }

        return p;
    }

    private static PagerDutyEventAction? EventActionNamed(string name) => name switch
    {
        "trigger" => PagerDutyEventAction.Trigger,
        "resolve" => PagerDutyEventAction.Resolve,
        "acknowledge" => PagerDutyEventAction.Acknowledge,
        _ => null,
    };

    private static PagerDutySeverity? SeverityNamed(string name) => name switch
    {
        "critical" => PagerDutySeverity.Critical,
        "error" => PagerDutySeverity.Error,
        "warning" => PagerDutySeverity.Warning,
        "info" => PagerDutySeverity.Info,
        _ => null,
    };
}

/// <summary>A link shown on the incident.</summary>
internal sealed record PagerDutyLink
{
    public required string Href { get; init; }

    public required string Text { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<PagerDutyEventAction>))]
internal enum PagerDutyEventAction
{
    [JsonStringEnumMemberName("trigger")]
    Trigger,
    [JsonStringEnumMemberName("resolve")]
    Resolve,
    [JsonStringEnumMemberName("acknowledge")]
    Acknowledge,
}

[JsonConverter(typeof(JsonStringEnumConverter<PagerDutySeverity>))]
internal enum PagerDutySeverity
{
    [JsonStringEnumMemberName("critical")]
    Critical,
    [JsonStringEnumMemberName("error")]
    Error,
    [JsonStringEnumMemberName("warning")]
    Warning,
    [JsonStringEnumMemberName("info")]
    Info,
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PagerDutyConfig))]
[JsonSerializable(typeof(PagerDutySecrets))]
[JsonSerializable(typeof(PagerDutyParams))]
internal sealed partial class PagerDutyJsonContext : JsonSerializerContext;
