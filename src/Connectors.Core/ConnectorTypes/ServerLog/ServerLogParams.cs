using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.ServerLog;

/// <summary>The <c>.server-log</c> params.</summary>
internal sealed record ServerLogParams
{
    /// <summary>The message; may be empty.</summary>
    public required string Message { get; init; }

    /// <summary>The level.</summary>
    public ServerLogLevel Level { get; set; } = ServerLogLevel.Info;
}

/// <summary>Kibana's server-log levels.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServerLogLevel>))]
internal enum ServerLogLevel
{
    [JsonStringEnumMemberName("trace")]
    Trace,
    [JsonStringEnumMemberName("debug")]
    Debug,
    [JsonStringEnumMemberName("info")]
    Info,
    [JsonStringEnumMemberName("warn")]
    Warn,
    [JsonStringEnumMemberName("error")]
    Error,
    [JsonStringEnumMemberName("fatal")]
    Fatal,
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ServerLogParams))]
internal sealed partial class ServerLogJsonContext : JsonSerializerContext;
