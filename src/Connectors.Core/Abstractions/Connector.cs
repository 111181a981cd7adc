using System.Text.Json.Nodes;

namespace Connectors;

/// <summary>A connector as the registry returns it. It never carries secrets.</summary>
public sealed record Connector
{
    /// <summary>The connector id.</summary>
    public required string Id { get; init; }

    /// <summary>The space of a stored connector; for a preconfigured one, the space it was read in.</summary>
    public required string SpaceId { get; init; }

    /// <summary>The display name.</summary>
    public required string Name { get; init; }

    /// <summary>The connector type id, for example <c>.webhook</c>.</summary>
    public required string ConnectorTypeId { get; init; }

    /// <summary>The config; <see langword="null"/> for a preconfigured connector unless it sets <c>exposeConfig</c>.</summary>
    public JsonObject? Config { get; init; }

    /// <summary>Whether the connector comes from configuration (Kibana's <c>xpack.actions.preconfigured</c>).</summary>
    public bool IsPreconfigured { get; init; }

    /// <summary>Whether the connector uses a deprecated configuration.</summary>
    public bool IsDeprecated { get; init; }

    /// <summary>Whether the connector's secrets are missing (for example after an import) and must be supplied by an update.</summary>
    public bool IsMissingSecrets { get; init; }

    /// <summary>Whether this is a system connector.</summary>
    public bool IsSystemAction { get; init; }

    /// <summary>How many objects of the host reference this connector (0 without an <see cref="IConnectorReferenceSource"/>).</summary>
    public int ReferencedByCount { get; init; }
}
