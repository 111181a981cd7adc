using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Gemini;

/// <summary>The <c>.gemini</c> config (strict): Vertex AI's URL, project and region, and the default model.</summary>
internal sealed record GeminiConfig
{
    public required string ApiUrl { get; init; }

    public string DefaultModel { get; set; } = GeminiConnector.DefaultModel;

    public required string GcpRegion { get; init; }

    [JsonPropertyName("gcpProjectID")]
    public required string GcpProjectId { get; init; }

    public double? ContextWindowLength { get; init; }

    public double? Temperature { get; init; }
}

/// <summary>The <c>.gemini</c> secrets (strict): a Google service-account key file (JSON text).</summary>
internal sealed record GeminiSecrets
{
    public required string CredentialsJson { get; init; }

    /// <inheritdoc/>
    public override string ToString() => "GeminiSecrets { [redacted] }";
}

/// <summary>Kibana's <c>telemetryMetadata</c> (strict).</summary>
internal sealed record GeminiTelemetryMetadata
{
    public string? PluginId { get; init; }

    public string? AggregateBy { get; init; }
}

/// <summary><c>run</c> / <c>test</c> params (strict; <c>body</c> any, usually JSON text).</summary>
internal sealed record GeminiRunParams
{
    public JsonNode? Body { get; set; }

    public string? Model { get; set; }

    public JsonNode? Signal { get; set; }

    public double? Timeout { get; set; }

    public double? Temperature { get; set; }

    public IReadOnlyList<string>? StopSequences { get; set; }

    public bool? Raw { get; set; }

    public GeminiTelemetryMetadata? TelemetryMetadata { get; set; }
}

/// <summary><c>toolConfig</c>: the function-calling mode and the functions allowed.</summary>
internal sealed record GeminiToolConfig
{
    public required GeminiToolMode Mode { get; init; }

    public IReadOnlyList<string>? AllowedFunctionNames { get; init; }
}

/// <summary><c>AUTO</c>, <c>ANY</c> or <c>NONE</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GeminiToolMode>))]
internal enum GeminiToolMode
{
    [JsonStringEnumMemberName("AUTO")]
    Auto,

    [JsonStringEnumMemberName("ANY")]
    Any,

    [JsonStringEnumMemberName("NONE")]
    None,
}

/// <summary><c>invokeAI</c> / <c>invokeAIRaw</c> / <c>invokeStream</c> params (strict; <c>messages</c> any).</summary>
internal sealed record GeminiInvokeParams
{
    public double? MaxOutputTokens { get; set; }

    public JsonNode? Messages { get; set; }

    public string? SystemInstruction { get; set; }

    public string? Model { get; set; }

    public double? Temperature { get; set; }

    public IReadOnlyList<string>? StopSequences { get; set; }

    public JsonNode? Signal { get; set; }

    public double? Timeout { get; set; }

    public JsonArray? Tools { get; set; }

    public GeminiToolConfig? ToolConfig { get; set; }

    public GeminiTelemetryMetadata? TelemetryMetadata { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GeminiConfig))]
[JsonSerializable(typeof(GeminiSecrets))]
[JsonSerializable(typeof(GeminiRunParams))]
[JsonSerializable(typeof(GeminiInvokeParams))]
internal sealed partial class GeminiJsonContext : JsonSerializerContext;
