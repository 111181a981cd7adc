namespace Connectors;

/// <summary>What <see cref="ConnectorSavedObjects.ImportAsync"/> did.</summary>
public sealed record ConnectorImportResult
{
    /// <summary>The ids of the connectors imported (created or, with overwrite, replaced).</summary>
    public required IReadOnlyList<string> Imported { get; init; }

    /// <summary>The ids skipped because the space already had them and overwrite was off.</summary>
    public required IReadOnlyList<string> Conflicts { get; init; }

    /// <summary>
    /// Kibana's import warnings, for example <c>1 connector has sensitive information that require updates.</c> when
    /// imported connectors are missing their secrets.
    /// </summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
