using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Swimlane;

/// <summary>The <c>.swimlane</c> config: the API URL, the application, the kind of connector and the field mappings.</summary>
internal sealed record SwimlaneConfig
{
    public required string ApiUrl { get; init; }

    public required string AppId { get; init; }

    public required string ConnectorType { get; init; }

    public required SwimlaneMappings Mappings { get; init; }
}

/// <summary>Which Swimlane field receives each incident value.</summary>
internal sealed record SwimlaneMappings
{
    public SwimlaneFieldMapping? RuleNameConfig { get; init; }

    public SwimlaneFieldMapping? AlertIdConfig { get; init; }

    public SwimlaneFieldMapping? CaseIdConfig { get; init; }

    public SwimlaneFieldMapping? CaseNameConfig { get; init; }

    public SwimlaneFieldMapping? CommentsConfig { get; init; }

    public SwimlaneFieldMapping? SeverityConfig { get; init; }

    public SwimlaneFieldMapping? DescriptionConfig { get; init; }
}

/// <summary>A Swimlane field: its id, key, name and type.</summary>
internal sealed record SwimlaneFieldMapping
{
    public required string Id { get; init; }

    public required string Key { get; init; }

    public required string Name { get; init; }

    public required string FieldType { get; init; }
}

/// <summary>The <c>.swimlane</c> secrets: the private token.</summary>
internal sealed record SwimlaneSecrets
{
    public required string ApiToken { get; init; }
}

/// <summary><c>pushToService</c>.</summary>
internal sealed record SwimlanePushParams
{
    public required SwimlaneIncident Incident { get; init; }

    public List<SwimlaneComment>? Comments { get; init; }
}

/// <summary>The record values.</summary>
internal sealed record SwimlaneIncident
{
    public string? AlertId { get; init; }

    public string? RuleName { get; init; }

    public string? CaseId { get; init; }

    public string? CaseName { get; init; }

    public string? Severity { get; init; }

    public string? Description { get; init; }

    public string? ExternalId { get; init; }
}

/// <summary>A comment.</summary>
internal sealed record SwimlaneComment
{
    public required string Comment { get; init; }

    public required string CommentId { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SwimlaneConfig))]
[JsonSerializable(typeof(SwimlaneSecrets))]
[JsonSerializable(typeof(SwimlanePushParams))]
internal sealed partial class SwimlaneJsonContext : JsonSerializerContext;
