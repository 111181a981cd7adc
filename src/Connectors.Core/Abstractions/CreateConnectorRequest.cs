using System.Text.Json.Nodes;

namespace Connectors;

/// <summary>A request to create a connector (Kibana's create body).</summary>
public sealed record CreateConnectorRequest
{
    /// <summary>The id; generated (a UUID) when absent.</summary>
    public string? Id { get; init; }

    /// <summary>The display name; must not be blank.</summary>
    public required string Name { get; init; }

    /// <summary>The connector type id, for example <c>.webhook</c>.</summary>
    public required string ConnectorTypeId { get; init; }

    /// <summary>The type's config, with Kibana's field names.</summary>
    public JsonObject Config { get; init; } = [];

    /// <summary>The type's secrets, with Kibana's field names. Write-only: never returned.</summary>
    public JsonObject Secrets { get; init; } = [];

    /// <summary>The space the connector belongs to.</summary>
    /// <value>The default value is <c>default</c>.</value>
    public string SpaceId { get; init; } = "default";
}
