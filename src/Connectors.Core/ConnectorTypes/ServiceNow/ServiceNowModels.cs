using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.ServiceNow;

/// <summary>The ServiceNow config (ITSM and SecOps; ITOM ignores <see cref="UsesTableApi"/>).</summary>
internal sealed record ServiceNowConfig
{
    public required string ApiUrl { get; init; }

    public bool IsOAuth { get; set; }

    public string? UserIdentifierValue { get; init; }

    public string? ClientId { get; init; }

    public string? JwtKeyId { get; init; }

    public bool UsesTableApi { get; set; } = true;
}

/// <summary>The ServiceNow ITOM config: the base schema, without <c>usesTableApi</c>.</summary>
internal sealed record ServiceNowItomConfig
{
    public required string ApiUrl { get; init; }

    public bool IsOAuth { get; set; }

    public string? UserIdentifierValue { get; init; }

    public string? ClientId { get; init; }

    public string? JwtKeyId { get; init; }

    public ServiceNowConfig ToConfig() => new()
    {
        ApiUrl = ApiUrl,
        IsOAuth = IsOAuth,
        UserIdentifierValue = UserIdentifierValue,
        ClientId = ClientId,
        JwtKeyId = JwtKeyId,
        UsesTableApi = true,
    };
}

/// <summary>The ServiceNow secrets: basic auth or OAuth JWT (client secret, PEM private key and its password).</summary>
internal sealed record ServiceNowSecrets
{
    public string? Password { get; init; }

    public string? Username { get; init; }

    public string? ClientSecret { get; init; }

    public string? PrivateKey { get; init; }

    public string? PrivateKeyPassword { get; init; }
}

/// <summary><c>getFields</c> and <c>handshake</c>: no params.</summary>
internal sealed record ServiceNowNoParams;

/// <summary><c>getIncident</c>.</summary>
internal sealed record ServiceNowGetIncidentParams
{
    public required string ExternalId { get; init; }
}

/// <summary><c>getChoices</c>.</summary>
internal sealed record ServiceNowGetChoicesParams
{
    public required List<string> Fields { get; init; }
}

/// <summary>A comment to push as a work note.</summary>
internal sealed record ServiceNowComment
{
    public required string Comment { get; init; }

    public required string CommentId { get; init; }
}

/// <summary><c>closeIncident</c> (ITSM).</summary>
internal sealed record ServiceNowCloseIncidentParams
{
    public required ServiceNowCloseIncident Incident { get; init; }
}

/// <summary>Which incident to close: by sys_id, else by correlation id.</summary>
internal sealed record ServiceNowCloseIncident
{
    public string? ExternalId { get; init; }

    [JsonPropertyName("correlation_id")]
    public string? CorrelationId { get; set; } = ServiceNowConstants.DefaultAlertsGroupingKey;
}

/// <summary><c>pushToService</c> (ITSM).</summary>
internal sealed record ServiceNowItsmPushParams
{
    public required ServiceNowItsmIncident Incident { get; init; }

    public List<ServiceNowComment>? Comments { get; init; }
}

/// <summary>The ITSM incident: the common attributes, then severity, urgency, impact.</summary>
internal sealed record ServiceNowItsmIncident
{
    [JsonPropertyName("short_description")]
    public required string ShortDescription { get; init; }

    public string? Description { get; init; }

    public string? ExternalId { get; init; }

    public string? Category { get; init; }

    public string? Subcategory { get; init; }

    [JsonPropertyName("correlation_id")]
    public string? CorrelationId { get; set; } = ServiceNowConstants.DefaultAlertsGroupingKey;

    [JsonPropertyName("correlation_display")]
    public string? CorrelationDisplay { get; init; }

    [JsonPropertyName("additional_fields")]
    public JsonNode? AdditionalFields { get; init; }

    public string? Severity { get; init; }

    public string? Urgency { get; init; }

    public string? Impact { get; init; }
}

/// <summary><c>pushToService</c> (SecOps).</summary>
internal sealed record ServiceNowSirPushParams
{
    public required ServiceNowSirIncident Incident { get; init; }

    public List<ServiceNowComment>? Comments { get; init; }
}

/// <summary>The SecOps incident: the common attributes, then the observables (a string or strings) and priority.</summary>
internal sealed record ServiceNowSirIncident
{
    [JsonPropertyName("short_description")]
    public required string ShortDescription { get; init; }

    public string? Description { get; init; }

    public string? ExternalId { get; init; }

    public string? Category { get; init; }

    public string? Subcategory { get; init; }

    [JsonPropertyName("correlation_id")]
    public string? CorrelationId { get; set; } = ServiceNowConstants.DefaultAlertsGroupingKey;

    [JsonPropertyName("correlation_display")]
    public string? CorrelationDisplay { get; init; }

    [JsonPropertyName("additional_fields")]
    public JsonNode? AdditionalFields { get; init; }

    [JsonPropertyName("dest_ip")]
    public JsonNode? DestIp { get; init; }

    [JsonPropertyName("malware_hash")]
    public JsonNode? MalwareHash { get; init; }

    [JsonPropertyName("malware_url")]
    public JsonNode? MalwareUrl { get; init; }

    [JsonPropertyName("source_ip")]
    public JsonNode? SourceIp { get; init; }

    public string? Priority { get; init; }
}

/// <summary>ITOM <c>addEvent</c>.</summary>
internal sealed record ServiceNowAddEventParams
{
    public string? Source { get; set; }

    [JsonPropertyName("event_class")]
    public string? EventClass { get; set; }

    public string? Resource { get; set; }

    public string? Node { get; set; }

    [JsonPropertyName("metric_name")]
    public string? MetricName { get; set; }

    public string? Type { get; set; }

    public string? Severity { get; set; }

    public string? Description { get; set; }

    [JsonPropertyName("additional_info")]
    public string? AdditionalInfo { get; set; }

    [JsonPropertyName("message_key")]
    public string? MessageKey { get; set; } = ServiceNowConstants.DefaultAlertsGroupingKey;

    [JsonPropertyName("time_of_event")]
    public string? TimeOfEvent { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ServiceNowConfig))]
[JsonSerializable(typeof(ServiceNowItomConfig))]
[JsonSerializable(typeof(ServiceNowSecrets))]
[JsonSerializable(typeof(ServiceNowNoParams))]
[JsonSerializable(typeof(ServiceNowGetIncidentParams))]
[JsonSerializable(typeof(ServiceNowGetChoicesParams))]
[JsonSerializable(typeof(ServiceNowCloseIncidentParams))]
[JsonSerializable(typeof(ServiceNowItsmPushParams))]
[JsonSerializable(typeof(ServiceNowItsmIncident))]
[JsonSerializable(typeof(ServiceNowSirPushParams))]
[JsonSerializable(typeof(ServiceNowSirIncident))]
[JsonSerializable(typeof(ServiceNowAddEventParams))]
internal sealed partial class ServiceNowJsonContext : JsonSerializerContext;
