using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Email;

/// <summary>The <c>.email</c> config (Kibana's field names).</summary>
internal sealed record EmailConfig
{
    /// <summary><c>other</c> (host/port/secure), <c>exchange_server</c> (Microsoft Graph), <c>elastic_cloud</c>, or a well-known service.</summary>
    public string Service { get; set; } = EmailServices.Other;

    public string? Host { get; init; }

    public int? Port { get; init; }

    public bool? Secure { get; init; }

    public required string From { get; init; }

    public bool HasAuth { get; set; } = true;

    public string? TenantId { get; init; }

    public string? ClientId { get; init; }

    public string? OauthTokenUrl { get; init; }

    public bool? AllowHtml { get; init; }
}

/// <summary>The <c>.email</c> secrets.</summary>
internal sealed record EmailSecrets
{
    public string? User { get; init; }

    public string? Password { get; init; }

    public string? ClientSecret { get; init; }
}

/// <summary>The <c>.email</c> params.</summary>
internal sealed record EmailParams
{
    public List<string> To { get; set; } = [];

    public List<string> Cc { get; set; } = [];

    public List<string> Bcc { get; set; } = [];

    public List<string>? ReplyTo { get; init; }

    public required string Subject { get; init; }

    public required string Message { get; init; }

    [JsonPropertyName("messageHTML")]
    public string? MessageHtml { get; init; }

    public EmailFooterLink? KibanaFooterLink { get; init; }

    public List<EmailAttachment>? Attachments { get; init; }
}

/// <summary>Kibana's footer link (accepted for compatibility; the footer is not added).</summary>
internal sealed record EmailFooterLink
{
    public string Path { get; set; } = "/";

    public string Text { get; set; } = "Go to Elastic";
}

/// <summary>An attachment, as nodemailer takes it: the content is text unless <see cref="Encoding"/> says otherwise.</summary>
internal sealed record EmailAttachment
{
    public required string Content { get; init; }

    public string? ContentType { get; init; }

    public required string Filename { get; init; }

    /// <summary><c>base64</c> or <c>hex</c> for binary content; anything else (or nothing): UTF-8 text.</summary>
    public string? Encoding { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EmailConfig))]
[JsonSerializable(typeof(EmailSecrets))]
[JsonSerializable(typeof(EmailParams))]
internal sealed partial class EmailJsonContext : JsonSerializerContext;
