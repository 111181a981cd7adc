using System.Text.Json.Serialization;
using Connectors.Internal;

namespace Connectors.ConnectorTypes.Slack;

/// <summary>The <c>.slack</c> secrets: the incoming-webhook URL (its path is the secret).</summary>
internal sealed record SlackSecrets
{
    public required string WebhookUrl { get; init; }

    /// <summary>The parsed <see cref="WebhookUrl"/>, made once per bound secrets (keyed by the text, so a copy made with <c>with</c> stays right).</summary>
    internal Uri ParsedWebhookUrl => UrlMemo.Get(WebhookUrl);

    private UriMemo UrlMemo { get; } = new();
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
