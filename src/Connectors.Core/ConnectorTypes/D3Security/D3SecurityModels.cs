using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.D3Security;

/// <summary>The <c>.d3security</c> config: the D3 event-ingestion URL.</summary>
internal sealed record D3SecurityConfig
{
    public required string Url { get; init; }
}

/// <summary>The <c>.d3security</c> secrets: the API token sent as <c>d3key</c>.</summary>
internal sealed record D3SecuritySecrets
{
    public required string Token { get; init; }
}

/// <summary><c>run</c> / <c>test</c> params: the body (a JSON template) and the severity and event type added around it.</summary>
internal sealed record D3SecurityRunParams
{
    public string? Body { get; set; }

    public string? Severity { get; set; } = string.Empty;

    public string? EventType { get; set; } = string.Empty;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(D3SecurityConfig))]
[JsonSerializable(typeof(D3SecuritySecrets))]
[JsonSerializable(typeof(D3SecurityRunParams))]
internal sealed partial class D3SecurityJsonContext : JsonSerializerContext;
