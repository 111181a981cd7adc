using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Slack;

/// <summary>The <c>.slack</c> secrets: the incoming-webhook URL (its path is the secret).</summary>
internal sealed record SlackSecrets
{
    public required string WebhookUrl { get; init; }

    /// <summary>The parsed <see cref="WebhookUrl"/>, made once per bound secrets.</summary>
    internal Uri ParsedWebhookUrl => field ??= new Uri(WebhookUrl, UriKind.RelativeOrAbsolute);
}

/// <summary>The <c>.slack</c> params.</summary>
internal sealed record SlackParams
{
    /// <summary>The message text (at least one character), rendered with the Slack escape.</summary>
    [JsonRequired]
    public string Message { get; set; } = string.Empty;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SlackSecrets))]
[JsonSerializable(typeof(SlackParams))]
internal sealed partial class SlackJsonContext : JsonSerializerContext;
