using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Index;

/// <summary>The <c>.index</c> config (Kibana's field names).</summary>
internal sealed record IndexConfig
{
    public required string Index { get; init; }

    public bool Refresh { get; set; }

    public string? ExecutionTimeField { get; init; }
}

/// <summary>The <c>.index</c> params.</summary>
internal sealed record IndexParams
{
    public required List<JsonObject> Documents { get; init; }

    /// <summary>Kibana's alert-history override: honoured only for the preconfigured alert-history connector.</summary>
    public string? IndexOverride { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IndexConfig))]
[JsonSerializable(typeof(IndexParams))]
internal sealed partial class IndexJsonContext : JsonSerializerContext;
