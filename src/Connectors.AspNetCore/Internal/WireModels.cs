using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Connectors.AspNetCore.Internal;

/// <summary>Kibana's connector response (<c>connectorResponseSchemaV1</c>), plus <c>referenced_by_count</c> in get all.</summary>
internal sealed record ConnectorResponse
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public JsonObject? Config { get; init; }

    public required string ConnectorTypeId { get; init; }

    public bool? IsMissingSecrets { get; init; }

    public bool IsPreconfigured { get; init; }

    public bool IsDeprecated { get; init; }

    public bool IsSystemAction { get; init; }

    public bool IsConnectorTypeDeprecated { get; init; }

    public int? ReferencedByCount { get; init; }

    public static ConnectorResponse From(Connector connector, bool withReferences) => new()
    {
        Id = connector.Id,
        Name = connector.Name,
        Config = connector.Config,
        ConnectorTypeId = connector.ConnectorTypeId,
        IsMissingSecrets = connector.IsPreconfigured || connector.IsSystemAction ? null : connector.IsMissingSecrets,
        IsPreconfigured = connector.IsPreconfigured,
        IsDeprecated = connector.IsDeprecated,
        IsSystemAction = connector.IsSystemAction,
        ReferencedByCount = withReferences ? connector.ReferencedByCount : null,
    };
}

/// <summary>Kibana's connector type response.</summary>
internal sealed record ConnectorTypeResponse
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public bool Enabled { get; init; }

    public bool EnabledInConfig { get; init; }

    public bool EnabledInLicense { get; init; }

    public required string MinimumLicenseRequired { get; init; }

    public required IReadOnlyList<string> SupportedFeatureIds { get; init; }

    public bool IsSystemActionType { get; init; }

    public string Source { get; init; } = "stack";

    public bool IsDeprecated { get; init; }

    public static ConnectorTypeResponse From(ConnectorTypeInfo type) => new()
    {
        Id = type.Id,
        Name = type.Name,
        Enabled = type.Enabled,
        EnabledInConfig = type.EnabledInConfig,
        EnabledInLicense = type.EnabledInLicense,
        MinimumLicenseRequired = type.MinimumLicenseRequired.ToString().ToLowerInvariant(),
        SupportedFeatureIds = type.SupportedFeatureIds,
        IsSystemActionType = type.IsSystemActionType,
    };
}

/// <summary>Kibana's execute response: <c>connector_id</c>, <c>service_message</c>, but camelCase <c>errorSource</c>.</summary>
internal sealed record ExecuteResponse
{
    public required string ConnectorId { get; init; }

    public required string Status { get; init; }

    public string? Message { get; init; }

    public string? ServiceMessage { get; init; }

    public JsonNode? Data { get; init; }

    public JsonNode? Retry { get; init; }

    [JsonPropertyName("errorSource")]
    public string? ErrorSource { get; init; }

    public static ExecuteResponse From(ConnectorResult result) => new()
    {
        ConnectorId = result.ConnectorId,
        Status = result.IsSuccess ? "ok" : "error",
        Message = result.Message,
        ServiceMessage = string.IsNullOrEmpty(result.ServiceMessage) ? null : result.ServiceMessage,
        Data = result.Data,
        Retry = result.Retry switch
        {
            null => null,
            { RetryAt: { } at } => JsonValue.Create(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(true),
        },
        ErrorSource = result.ErrorSource switch
        {
            Connectors.ErrorSource.User => "user",
            Connectors.ErrorSource.Framework => "framework",
            _ => null,
        },
    };
}

/// <summary>Kibana's (Boom's) error body.</summary>
internal sealed record ErrorResponse(
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConnectorResponse))]
[JsonSerializable(typeof(IReadOnlyList<ConnectorResponse>))]
[JsonSerializable(typeof(IReadOnlyList<ConnectorTypeResponse>))]
[JsonSerializable(typeof(ExecuteResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class ConnectorsApiJsonContext : JsonSerializerContext;
