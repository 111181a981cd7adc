using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Mcp;

/// <summary>
/// The <c>.mcp</c> config (Kibana's flat <c>MCPConnectorConfigSchema</c>): the server's Streamable HTTP endpoint, whether
/// and how to authenticate, and non-secret headers.
/// </summary>
internal sealed record McpConfig
{
    /// <summary>The MCP endpoint, for example <c>https://mcp.example.com/mcp</c>; allowlist-checked.</summary>
    public required string ServerUrl { get; init; }

    /// <summary>Whether auth headers are sent; <see langword="true"/> by default.</summary>
    public bool HasAuth { get; set; } = true;

    /// <summary>Which secrets become the auth header.</summary>
    public McpAuthType? AuthType { get; init; }

    /// <summary>The API key's header for <see cref="McpAuthType.ApiKey"/>; <c>X-API-Key</c> when absent or empty.</summary>
    public string? ApiKeyHeaderName { get; init; }

    /// <summary>Non-secret headers sent on every request.</summary>
    public Dictionary<string, string>? Headers { get; init; }
}

/// <summary>Kibana's <c>MCPAuthType</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<McpAuthType>))]
internal enum McpAuthType
{
    [JsonStringEnumMemberName("none")]
    None,
    [JsonStringEnumMemberName("bearer")]
    Bearer,
    [JsonStringEnumMemberName("apiKey")]
    ApiKey,
    [JsonStringEnumMemberName("basic")]
    Basic,
}

/// <summary>The <c>.mcp</c> secrets: one field per auth type, plus secret headers sent on every request.</summary>
internal sealed record McpSecrets
{
    /// <summary>The bearer token (<c>Authorization: Bearer &lt;token&gt;</c>).</summary>
    public string? Token { get; init; }

    /// <summary>The API key, sent in <see cref="McpConfig.ApiKeyHeaderName"/>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The basic-auth user.</summary>
    public string? User { get; init; }

    /// <summary>The basic-auth password.</summary>
    public string? Password { get; init; }

    /// <summary>Secret headers, merged over the auth header.</summary>
    public Dictionary<string, string>? SecretHeaders { get; init; }
}

/// <summary><c>test</c> params: the empty object (strict).</summary>
internal sealed record McpTestParams;

/// <summary><c>listTools</c> params.</summary>
internal sealed record McpListToolsParams
{
    /// <summary>Skips the cached list (and refreshes it).</summary>
    public bool? ForceRefresh { get; set; }
}

/// <summary><c>callTool</c> params: the tool and its arguments.</summary>
internal sealed record McpCallToolParams
{
    /// <summary>The tool's name.</summary>
    public required string Name { get; init; }

    /// <summary>The arguments, any JSON values by name.</summary>
    public JsonObject? Arguments { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(McpConfig))]
[JsonSerializable(typeof(McpSecrets))]
[JsonSerializable(typeof(McpTestParams))]
[JsonSerializable(typeof(McpListToolsParams))]
[JsonSerializable(typeof(McpCallToolParams))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class McpJsonContext : JsonSerializerContext;
