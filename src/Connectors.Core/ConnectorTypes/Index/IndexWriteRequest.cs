using System.Text.Json.Nodes;

namespace Connectors;

/// <summary>What the <c>.index</c> connector writes.</summary>
public sealed record IndexWriteRequest
{
    /// <summary>The index name.</summary>
    public required string Index { get; init; }

    /// <summary>The documents, in order, with the execution time already stamped when configured.</summary>
    public required IReadOnlyList<JsonObject> Documents { get; init; }

    /// <summary>Whether the write is made visible to search at once (Elasticsearch's <c>refresh</c>).</summary>
    public bool Refresh { get; init; }
}
