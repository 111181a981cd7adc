using System.Text.Json.Nodes;

namespace Connectors;

/// <summary>A request to update a connector: name, config and secrets are replaced wholesale.</summary>
public sealed record UpdateConnectorRequest
{
    /// <summary>The display name; must not be blank.</summary>
    public required string Name { get; init; }

    /// <summary>The new config, replacing the old one.</summary>
    public JsonObject Config { get; init; } = [];

    /// <summary>The new secrets, replacing the old ones. Write-only: never returned.</summary>
    public JsonObject Secrets { get; init; } = [];

    /// <summary>The space the connector belongs to.</summary>
    /// <value>The default value is <c>default</c>.</value>
    public string SpaceId { get; init; } = "default";
}
