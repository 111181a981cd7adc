using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Connectors.ConnectorTypes.Webhook;

namespace Connectors.ConnectorTypes.OpenAI;

/// <summary>
/// The <c>.gen-ai</c> config: Kibana's union on <c>apiProvider</c> (<c>OpenAI</c>, <c>Azure OpenAI</c>, <c>Other</c>),
/// bound into one record after <see cref="OpenAIConfigSchema"/> has checked the provider's own strict field set.
/// </summary>
internal sealed record OpenAIConfig
{
    public required string ApiProvider { get; init; }

    public required string ApiUrl { get; init; }

    /// <summary>OpenAI only.</summary>
    public string? OrganizationId { get; init; }

    /// <summary>OpenAI only.</summary>
    public string? ProjectId { get; init; }

    /// <summary>Optional for Azure, defaulted to <c>gpt-4.1</c> for OpenAI, required for Other.</summary>
    public string? DefaultModel { get; set; }

    public Dictionary<string, string>? Headers { get; init; }

    public double? ContextWindowLength { get; init; }

    public double? Temperature { get; init; }

    /// <summary>Other only.</summary>
    public TlsVerificationModeValue? VerificationMode { get; init; }

    /// <summary>Other only.</summary>
    public bool? EnableNativeFunctionCalling { get; init; }

    [JsonIgnore]
    public OpenAIProvider Provider => ApiProvider switch
    {
        OpenAIProviders.AzureOpenAI => OpenAIProvider.Azure,
        OpenAIProviders.Other => OpenAIProvider.Other,
        _ => OpenAIProvider.OpenAI,
    };
}

/// <summary>The three API providers.</summary>
internal enum OpenAIProvider
{
    OpenAI,
    Azure,
    Other,
}

/// <summary>The <c>apiProvider</c> values.</summary>
internal static class OpenAIProviders
{
    public const string OpenAI = "OpenAI";
    public const string AzureOpenAI = "Azure OpenAI";
    public const string Other = "Other";
}

/// <summary>
/// The <c>.gen-ai</c> secrets: an API key, or (Other) the PKI form — client certificate, private key and CA as
/// base64-encoded PEM.
/// </summary>
internal sealed record OpenAISecrets
{
    public string? ApiKey { get; init; }

    public string? CertificateData { get; init; }

    public string? PrivateKeyData { get; init; }

    public string? CaData { get; init; }
}

/// <summary>Kibana's <c>telemetryMetadata</c> (accepted, not sent).</summary>
internal sealed record OpenAITelemetryMetadata
{
    public string? PluginId { get; init; }

    public string? AggregateBy { get; init; }

    public string? UseCase { get; init; }
}

/// <summary><c>run</c> and <c>test</c>: the request body as JSON text.</summary>
internal sealed record OpenAIRunParams
{
    public required string Body { get; init; }

    /// <summary>Kibana's abort signal; a .NET caller cancels with the execution's token instead.</summary>
    public JsonNode? Signal { get; init; }

    /// <summary>Milliseconds; can only lengthen the host's response timeout.</summary>
    public double? Timeout { get; init; }

    public OpenAITelemetryMetadata? TelemetryMetadata { get; init; }
}

/// <summary><c>stream</c>: the body and whether to stream the answer.</summary>
internal sealed record OpenAIStreamParams
{
    public required string Body { get; init; }

    public bool? Stream { get; set; } = false;

    public JsonNode? Signal { get; init; }

    public double? Timeout { get; init; }

    public OpenAITelemetryMetadata? TelemetryMetadata { get; init; }
}

/// <summary>A chat message of <c>invokeAI</c> / <c>invokeStream</c> / <c>invokeAsyncIterator</c>.</summary>
internal sealed record OpenAIMessage
{
    public required string Role { get; init; }

    public required string Content { get; init; }

    public string? Name { get; init; }

    [JsonPropertyName("function_call")]
    public OpenAIFunctionCall? FunctionCall { get; init; }

    [JsonPropertyName("tool_calls")]
    public List<OpenAIToolCall>? ToolCalls { get; init; }

    [JsonPropertyName("tool_call_id")]
    public string? ToolCallId { get; init; }
}

/// <summary>A function call in a message.</summary>
internal sealed record OpenAIFunctionCall
{
    public required string Arguments { get; init; }

    public required string Name { get; init; }
}

/// <summary>A tool call in a message.</summary>
internal sealed record OpenAIToolCall
{
    public required string Id { get; init; }

    public required OpenAIFunctionCall Function { get; init; }

    public required string Type { get; init; }
}

/// <summary>The InvokeAI params (strict; <c>tools</c>, <c>functions</c> and the choices pass through as given).</summary>
internal sealed record OpenAIInvokeParams
{
    public required List<OpenAIMessage> Messages { get; init; }

    public string? Model { get; init; }

    public JsonArray? Tools { get; init; }

    [JsonPropertyName("tool_choice")]
    public JsonNode? ToolChoice { get; init; }

    public JsonArray? Functions { get; init; }

    [JsonPropertyName("function_call")]
    public JsonNode? FunctionCall { get; init; }

    public double? N { get; init; }

    public JsonNode? Stop { get; init; }

    public double? Temperature { get; init; }

    [JsonPropertyName("response_format")]
    public JsonNode? ResponseFormat { get; init; }

    public JsonNode? Signal { get; init; }

    public double? Timeout { get; init; }

    public OpenAITelemetryMetadata? TelemetryMetadata { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OpenAIConfig))]
[JsonSerializable(typeof(OpenAISecrets))]
[JsonSerializable(typeof(OpenAIRunParams))]
[JsonSerializable(typeof(OpenAIStreamParams))]
[JsonSerializable(typeof(OpenAIInvokeParams))]
internal sealed partial class OpenAIJsonContext : JsonSerializerContext;

/// <summary>How the InvokeAI params are written as the request body: no <see langword="null"/>s (JavaScript's <c>undefined</c>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OpenAIInvokeParams))]
internal sealed partial class OpenAIBodyJsonContext : JsonSerializerContext;
