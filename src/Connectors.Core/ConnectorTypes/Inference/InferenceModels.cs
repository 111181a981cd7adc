using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Inference;

/// <summary>The <c>.inference</c> config: the Elasticsearch inference endpoint and how it was set up.</summary>
internal sealed record InferenceConfig
{
    public required string Provider { get; init; }

    public required string TaskType { get; init; }

    public required string InferenceId { get; init; }

    public JsonObject? ProviderConfig { get; set; } = [];

    public JsonObject? TaskTypeConfig { get; init; }

    public double? ContextWindowLength { get; init; }

    public Dictionary<string, string>? Headers { get; init; }

    public double? Temperature { get; init; }
}

/// <summary>The <c>.inference</c> secrets: the provider's secrets (held by the endpoint; not sent by the sub-actions).</summary>
internal sealed record InferenceSecrets
{
    public JsonObject? ProviderSecrets { get; set; } = [];
}

/// <summary>Kibana's <c>telemetryMetadata</c>; <c>pluginId</c> becomes <c>X-Elastic-Product-Use-Case</c>.</summary>
internal sealed record InferenceTelemetryMetadata
{
    public string? PluginId { get; init; }

    public string? AggregateBy { get; init; }
}

/// <summary>The unified chat-completion params: the OpenAI-shaped body and the telemetry metadata.</summary>
internal sealed record InferenceUnifiedParams
{
    public required InferenceChatBody Body { get; init; }

    public JsonNode? Signal { get; init; }

    public InferenceTelemetryMetadata? TelemetryMetadata { get; init; }
}

/// <summary>The chat body (Kibana's subset of OpenAI's <c>ChatCompletionCreateParams</c>), in the schema's key order.</summary>
internal sealed record InferenceChatBody
{
    public List<InferenceMessage>? Messages { get; set; } = [];

    public string? Model { get; init; }

    [JsonPropertyName("max_tokens")]
    public double? MaxTokens { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }

    public double? N { get; init; }

    public JsonNode? Stop { get; init; }

    public double? Temperature { get; init; }

    [JsonPropertyName("tool_choice")]
    public JsonNode? ToolChoice { get; init; }

    public List<InferenceTool>? Tools { get; init; }

    [JsonPropertyName("top_p")]
    public double? TopP { get; init; }

    public string? User { get; init; }
}

/// <summary>A chat message.</summary>
internal sealed record InferenceMessage
{
    public required string Role { get; init; }

    public string? Content { get; init; }

    public string? Name { get; init; }

    [JsonPropertyName("tool_calls")]
    public List<InferenceToolCall>? ToolCalls { get; init; }

    [JsonPropertyName("tool_call_id")]
    public string? ToolCallId { get; init; }
}

/// <summary>A tool call in a message.</summary>
internal sealed record InferenceToolCall
{
    public required string Id { get; init; }

    public required InferenceFunctionCall Function { get; init; }

    public required string Type { get; init; }
}

/// <summary>The function of a tool call.</summary>
internal sealed record InferenceFunctionCall
{
    public string? Arguments { get; init; }

    public string? Name { get; init; }
}

/// <summary>A tool the model may call.</summary>
internal sealed record InferenceTool
{
    public required string Type { get; init; }

    public required InferenceFunction Function { get; init; }
}

/// <summary>A tool's function.</summary>
internal sealed record InferenceFunction
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public JsonObject? Parameters { get; init; }
}

/// <summary><c>completion</c>.</summary>
internal sealed record InferenceCompletionParams
{
    public required string Input { get; init; }
}

/// <summary><c>rerank</c>.</summary>
internal sealed record InferenceRerankParams
{
    public List<string>? Input { get; set; } = [];

    public required string Query { get; init; }
}

/// <summary><c>text_embedding</c>.</summary>
internal sealed record InferenceTextEmbeddingParams
{
    public required string Input { get; init; }

    public required string InputType { get; init; }
}

/// <summary><c>sparse_embedding</c>.</summary>
internal sealed record InferenceSparseEmbeddingParams
{
    public required string Input { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(InferenceConfig))]
[JsonSerializable(typeof(InferenceSecrets))]
[JsonSerializable(typeof(InferenceUnifiedParams))]
[JsonSerializable(typeof(InferenceCompletionParams))]
[JsonSerializable(typeof(InferenceRerankParams))]
[JsonSerializable(typeof(InferenceTextEmbeddingParams))]
[JsonSerializable(typeof(InferenceSparseEmbeddingParams))]
internal sealed partial class InferenceJsonContext : JsonSerializerContext;

/// <summary>How the chat body is sent: JavaScript's <c>undefined</c> (<see langword="null"/>) left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InferenceChatBody))]
internal sealed partial class InferenceBodyJsonContext : JsonSerializerContext;
