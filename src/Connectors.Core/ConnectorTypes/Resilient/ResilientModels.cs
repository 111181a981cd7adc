using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Resilient;

/// <summary>The <c>.resilient</c> config: the API URL and the organisation id.</summary>
internal sealed record ResilientConfig
{
    public required string ApiUrl { get; init; }

    public required string OrgId { get; init; }
}

/// <summary>The <c>.resilient</c> secrets: the API key id and secret (basic auth).</summary>
internal sealed record ResilientSecrets
{
    public required string ApiKeyId { get; init; }

    public required string ApiKeySecret { get; init; }
}

/// <summary><c>incidentTypes</c>, <c>severity</c>, <c>getFields</c>: no params.</summary>
internal sealed record ResilientNoParams;

/// <summary><c>pushToService</c> (the case connector envelope).</summary>
internal sealed record ResilientPushParams
{
    public required ResilientIncident Incident { get; init; }

    public List<ResilientComment>? Comments { get; init; }
}

/// <summary>The incident.</summary>
internal sealed record ResilientIncident
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public List<double>? IncidentTypes { get; init; }

    public double? SeverityCode { get; init; }

    public JsonNode? AdditionalFields { get; init; }

    public string? ExternalId { get; init; }
}

/// <summary>A comment.</summary>
internal sealed record ResilientComment
{
    public required string Comment { get; init; }

    public required string CommentId { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ResilientConfig))]
[JsonSerializable(typeof(ResilientSecrets))]
[JsonSerializable(typeof(ResilientNoParams))]
[JsonSerializable(typeof(ResilientPushParams))]
internal sealed partial class ResilientJsonContext : JsonSerializerContext;
