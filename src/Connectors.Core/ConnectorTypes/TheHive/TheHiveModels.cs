using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.TheHive;

/// <summary>The <c>.thehive</c> config: the instance URL and the organisation (sent as <c>X-Organisation</c>).</summary>
internal sealed record TheHiveConfig
{
    public required string Url { get; init; }

    public string? Organisation { get; init; }
}

/// <summary>The <c>.thehive</c> secrets: the API key (a bearer token).</summary>
internal sealed record TheHiveSecrets
{
    public required string ApiKey { get; init; }
}

/// <summary><c>pushToService</c>: the case and its comments.</summary>
internal sealed record TheHivePushParams
{
    public required TheHiveIncident Incident { get; init; }

    public List<TheHiveComment>? Comments { get; init; }
}

/// <summary>The case.</summary>
internal sealed record TheHiveIncident
{
    public required string Title { get; init; }

    public required string Description { get; init; }

    public double? Severity { get; init; }

    public double? Tlp { get; init; }

    public List<string>? Tags { get; init; }

    public string? ExternalId { get; init; }
}

/// <summary>A comment.</summary>
internal sealed record TheHiveComment
{
    public required string Comment { get; init; }

    public required string CommentId { get; init; }
}

/// <summary><c>createAlert</c>.</summary>
internal sealed record TheHiveAlertParams
{
    public required string Title { get; init; }

    public required string Description { get; init; }

    public required string Type { get; init; }

    public required string Source { get; init; }

    public required string SourceRef { get; init; }

    public double? Severity { get; init; }

    public bool? IsRuleSeverity { get; set; } = false;

    public double? Tlp { get; init; }

    public List<string>? Tags { get; init; }

    public string? Body { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TheHiveConfig))]
[JsonSerializable(typeof(TheHiveSecrets))]
[JsonSerializable(typeof(TheHivePushParams))]
[JsonSerializable(typeof(TheHiveIncident))]
[JsonSerializable(typeof(TheHiveAlertParams))]
internal sealed partial class TheHiveJsonContext : JsonSerializerContext;
