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
