using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Bedrock;

/// <summary>The <c>.bedrock</c> config (strict).</summary>
internal sealed record BedrockConfig
{
    public required string ApiUrl { get; init; }

    public string? Region { get; init; }

    public string DefaultModel { get; set; } = BedrockConnector.DefaultModel;

    public double? ContextWindowLength { get; init; }

    public double? Temperature { get; init; }
}

/// <summary>The <c>.bedrock</c> secrets (strict): the AWS access key id and secret access key.</summary>
internal sealed record BedrockSecrets
{
    public required string AccessKey { get; init; }

    public required string Secret { get; init; }

    /// <inheritdoc/>
    public override string ToString() => "BedrockSecrets { [redacted] }";
}

/// <summary>Kibana's <c>telemetryMetadata</c> (strict).</summary>
internal sealed record BedrockTelemetryMetadata
{
    public string? PluginId { get; init; }

    public string? AggregateBy { get; init; }
}

/// <summary><c>run</c> / <c>test</c> params.</summary>
internal sealed record BedrockRunParams
{
    public required string Body { get; init; }

    public string? Model { get; init; }

    public JsonNode? Signal { get; init; }

    public double? Timeout { get; init; }

    public bool? Raw { get; init; }

    public BedrockTelemetryMetadata? TelemetryMetadata { get; init; }
}

/// <summary>One message of <c>invokeAI</c> / <c>invokeStream</c>: a role and either <c>content</c> or <c>rawContent</c>.</summary>
internal sealed record BedrockMessage
{
    public required string Role { get; init; }

    public string? Content { get; init; }

    public JsonArray? RawContent { get; init; }
}

/// <summary>A tool the model may call (strict; <c>input_schema</c> any object).</summary>
internal sealed record BedrockTool
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    [JsonPropertyName("input_schema")]
    public required JsonObject InputSchema { get; init; }
}

/// <summary>How the model chooses a tool.</summary>
internal sealed record BedrockToolChoice
{
    public required BedrockToolChoiceType Type { get; init; }

    public string? Name { get; init; }
}

/// <summary><c>auto</c>, <c>any</c> or <c>tool</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BedrockToolChoiceType>))]
internal enum BedrockToolChoiceType
{
    [JsonStringEnumMemberName("auto")]
    Auto,

    [JsonStringEnumMemberName("any")]
    Any,

    [JsonStringEnumMemberName("tool")]
    Tool,
}

/// <summary><c>invokeAI</c> / <c>invokeStream</c> params (strict).</summary>
internal sealed record BedrockInvokeParams
{
    public required IReadOnlyList<BedrockMessage> Messages { get; init; }

    public string? Model { get; init; }

    public double? Temperature { get; init; }

    public IReadOnlyList<string>? StopSequences { get; init; }

    public string? System { get; init; }

    public double? MaxTokens { get; init; }

    public JsonNode? Signal { get; init; }

    public double? Timeout { get; init; }

    public string? AnthropicVersion { get; init; }

    public IReadOnlyList<BedrockTool>? Tools { get; init; }

    public BedrockToolChoice? ToolChoice { get; init; }

    public BedrockTelemetryMetadata? TelemetryMetadata { get; init; }
}

/// <summary>One message of <c>invokeAIRaw</c>: a role and any content.</summary>
internal sealed record BedrockRawMessage
{
    public required string Role { get; init; }

    public JsonNode? Content { get; init; }
}

/// <summary><c>invokeAIRaw</c> params (strict).</summary>
internal sealed record BedrockInvokeRawParams
{
    public required IReadOnlyList<BedrockRawMessage> Messages { get; init; }

    public string? Model { get; init; }

    public double? Temperature { get; init; }

    public IReadOnlyList<string>? StopSequences { get; init; }

    public string? System { get; init; }

    public double? MaxTokens { get; init; }

    public JsonNode? Signal { get; init; }

    public string? AnthropicVersion { get; init; }

    public double? Timeout { get; init; }

    public IReadOnlyList<BedrockTool>? Tools { get; init; }

    public BedrockToolChoice? ToolChoice { get; init; }

    public BedrockTelemetryMetadata? TelemetryMetadata { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BedrockConfig))]
[JsonSerializable(typeof(BedrockSecrets))]
[JsonSerializable(typeof(BedrockRunParams))]
[JsonSerializable(typeof(BedrockInvokeParams))]
[JsonSerializable(typeof(BedrockInvokeRawParams))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class BedrockJsonContext : JsonSerializerContext;
