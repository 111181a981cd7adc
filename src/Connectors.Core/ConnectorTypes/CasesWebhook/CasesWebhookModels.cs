using System.Text.Json.Serialization;
using Connectors.ConnectorTypes.Webhook;

namespace Connectors.ConnectorTypes.CasesWebhook;

/// <summary>The <c>.cases-webhook</c> config: the create / get / update / comment calls, as URL and JSON templates.</summary>
internal sealed record CasesWebhookConfig
{
    public required string CreateIncidentUrl { get; init; }

    public CasesWebhookMethod CreateIncidentMethod { get; set; } = CasesWebhookMethod.Post;

    public required string CreateIncidentJson { get; init; }

    public required string CreateIncidentResponseKey { get; init; }

    public required string GetIncidentUrl { get; init; }

    public CasesWebhookMethod GetIncidentMethod { get; set; } = CasesWebhookMethod.Get;

    public string? GetIncidentJson { get; init; }

    public required string GetIncidentResponseExternalTitleKey { get; init; }

    public required string ViewIncidentUrl { get; init; }

    public required string UpdateIncidentUrl { get; init; }

    public CasesWebhookMethod UpdateIncidentMethod { get; set; } = CasesWebhookMethod.Put;

    public required string UpdateIncidentJson { get; init; }

    public string? CreateCommentUrl { get; init; }

    public CasesWebhookMethod? CreateCommentMethod { get; set; } = CasesWebhookMethod.Put;

    public string? CreateCommentJson { get; init; }

    public Dictionary<string, string>? Headers { get; init; }

    public bool HasAuth { get; set; } = true;

    public WebhookAuthType? AuthType { get; init; }

    public WebhookCertType? CertType { get; init; }

    public string? Ca { get; init; }

    public TlsVerificationModeValue? VerificationMode { get; init; }

    public string? AccessTokenUrl { get; init; }

    public string? ClientId { get; init; }

    public string? Scope { get; init; }

    public string? AdditionalFields { get; init; }
}

/// <summary>The <c>pushToService</c> params: the case and its new comments.</summary>
internal sealed record CasesWebhookPushParams
{
    public required CasesWebhookIncident Incident { get; init; }

    public List<CasesWebhookComment>? Comments { get; init; }
}

/// <summary>The case as Kibana's Cases pushes it; <c>externalId</c> set means update.</summary>
internal sealed record CasesWebhookIncident
{
    public required string Title { get; init; }

    public string? Description { get; init; }

    public string? Id { get; init; }

    public string? Severity { get; init; }

    public string? Status { get; init; }

    public string? ExternalId { get; init; }

    public List<string>? Tags { get; init; }
}

/// <summary>One case comment.</summary>
internal sealed record CasesWebhookComment
{
    public required string Comment { get; init; }

    public required string CommentId { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<CasesWebhookMethod>))]
internal enum CasesWebhookMethod
{
    [JsonStringEnumMemberName("get")]
    Get,
    [JsonStringEnumMemberName("post")]
    Post,
    [JsonStringEnumMemberName("put")]
    Put,
    [JsonStringEnumMemberName("patch")]
    Patch,
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CasesWebhookConfig))]
[JsonSerializable(typeof(CasesWebhookPushParams))]
internal sealed partial class CasesWebhookJsonContext : JsonSerializerContext;
