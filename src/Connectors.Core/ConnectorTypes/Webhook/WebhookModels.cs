using System.Text.Json.Serialization;
using Connectors.Internal;

namespace Connectors.ConnectorTypes.Webhook;

/// <summary>The <c>.webhook</c> config (Kibana's field names).</summary>
internal sealed record WebhookConfig
{
    public required string Url { get; init; }

    /// <summary>The parsed <see cref="Url"/>, made once per bound config (keyed by the text, so a copy made with <c>with</c> stays right).</summary>
    internal Uri ParsedUrl => UrlMemo.Get(Url);

    private UriMemo UrlMemo { get; } = new();

    public WebhookMethod Method { get; set; } = WebhookMethod.Post;

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

/// <summary>The <c>.webhook</c> secrets. Every field is optional; the allowed combinations are checked.</summary>
internal sealed record WebhookSecrets
{
    public string? User { get; init; }

    public string? Password { get; init; }

    public string? Crt { get; init; }

    public string? Key { get; init; }

    public string? Pfx { get; init; }

    public string? ClientSecret { get; init; }

    public Dictionary<string, string>? SecretHeaders { get; init; }
}

/// <summary>The <c>.webhook</c> params.</summary>
internal sealed record WebhookParams
{
    public string? Body { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<WebhookMethod>))]
internal enum WebhookMethod
{
    [JsonStringEnumMemberName("post")]
    Post,
    [JsonStringEnumMemberName("put")]
    Put,
    [JsonStringEnumMemberName("patch")]
    Patch,
    [JsonStringEnumMemberName("get")]
    Get,
    [JsonStringEnumMemberName("delete")]
    Delete,
}

[JsonConverter(typeof(JsonStringEnumConverter<WebhookAuthType>))]
internal enum WebhookAuthType
{
    [JsonStringEnumMemberName("webhook-authentication-basic")]
    Basic,
    [JsonStringEnumMemberName("webhook-authentication-ssl")]
    Ssl,
    [JsonStringEnumMemberName("webhook-oauth2-client-credentials")]
    OAuth2ClientCredentials,
}

[JsonConverter(typeof(JsonStringEnumConverter<WebhookCertType>))]
internal enum WebhookCertType
{
    [JsonStringEnumMemberName("ssl-crt-key")]
    CrtKey,
    [JsonStringEnumMemberName("ssl-pfx")]
    Pfx,
}

[JsonConverter(typeof(JsonStringEnumConverter<TlsVerificationModeValue>))]
internal enum TlsVerificationModeValue
{
    [JsonStringEnumMemberName("none")]
    None,
    [JsonStringEnumMemberName("certificate")]
    Certificate,
    [JsonStringEnumMemberName("full")]
    Full,
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WebhookConfig))]
[JsonSerializable(typeof(WebhookSecrets))]
[JsonSerializable(typeof(WebhookParams))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
