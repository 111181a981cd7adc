using System.Text.Json.Nodes;

namespace Connectors;

/// <summary>A document the in-memory index holds.</summary>
/// <param name="Index">The index name.</param>
/// <param name="Id">The generated id.</param>
/// <param name="Source">The document.</param>
public sealed record IndexedDocument(string Index, string Id, JsonObject Source);
