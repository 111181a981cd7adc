using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Opsgenie;

/// <summary>
/// The <c>.opsgenie</c> config: the API base URL (for example <c>https://api.opsgenie.com</c>). Kibana requires it; here,
/// when absent, <c>ServiceUrls[".opsgenie"]</c> (default <c>https://api.opsgenie.com</c>) is used.
/// </summary>
internal sealed record OpsgenieConfig
{
    public string? ApiUrl { get; init; }
}

/// <summary>The <c>.opsgenie</c> secrets: the API integration key.</summary>
internal sealed record OpsgenieSecrets
{
    public required string ApiKey { get; init; }
}

/// <summary><c>createAlert</c> params, in Kibana's schema order (the order the body is sent in).</summary>
internal sealed record OpsgenieCreateAlertParams
{
    public required string Message { get; init; }

    public string? Alias { get; init; }

    public string? Description { get; init; }

    public List<OpsgenieTarget>? Responders { get; init; }

    public List<OpsgenieTarget>? VisibleTo { get; init; }

    public List<string>? Actions { get; init; }

    public List<string>? Tags { get; init; }

    public Dictionary<string, string>? Details { get; init; }

    public string? Entity { get; init; }

    public string? Source { get; init; }

    public OpsgeniePriority? Priority { get; init; }

    public string? User { get; init; }

    public string? Note { get; init; }
}

/// <summary><c>closeAlert</c> params.</summary>
internal sealed record OpsgenieCloseAlertParams
{
    public required string Alias { get; init; }

    public string? User { get; init; }

    public string? Source { get; init; }

    public string? Note { get; init; }
}

/// <summary>A responder or visible-to target: a type and one of id, name or username.</summary>
internal sealed record OpsgenieTarget
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Username { get; init; }

    public required string Type { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<OpsgeniePriority>))]
internal enum OpsgeniePriority
{
    [JsonStringEnumMemberName("P1")]
    P1,
    [JsonStringEnumMemberName("P2")]
    P2,
    [JsonStringEnumMemberName("P3")]
    P3,
    [JsonStringEnumMemberName("P4")]
    P4,
    [JsonStringEnumMemberName("P5")]
    P5,
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OpsgenieConfig))]
[JsonSerializable(typeof(OpsgenieSecrets))]
[JsonSerializable(typeof(OpsgenieCreateAlertParams))]
[JsonSerializable(typeof(OpsgenieCloseAlertParams))]
internal sealed partial class OpsgenieJsonContext : JsonSerializerContext;
