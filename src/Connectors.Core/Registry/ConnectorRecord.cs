using System.Text.Json.Nodes;

namespace Connectors;

/// <summary>A stored connector, secrets included, as an <see cref="IConnectorStore"/> keeps it.</summary>
public sealed record ConnectorRecord
{
    /// <summary>The connector id, unique within its space.</summary>
    public required string Id { get; init; }

    /// <summary>The space.</summary>
    public required string SpaceId { get; init; }

    /// <summary>The display name.</summary>
    public required string Name { get; init; }

    /// <summary>The connector type id.</summary>
    public required string ConnectorTypeId { get; init; }

    /// <summary>The validated config.</summary>
    public required JsonObject Config { get; init; }

    /// <summary>The validated secrets. A store must keep them from everything but the executor.</summary>
    public required JsonObject Secrets { get; init; }

    /// <summary>Whether the secrets are missing (for example after an import).</summary>
    public bool IsMissingSecrets { get; init; }

    /// <summary>The version, for optimistic concurrency; the store sets it (1 on create, +1 on each update).</summary>
    public long Version { get; init; }

    /// <summary>When the connector was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the connector was last updated.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
