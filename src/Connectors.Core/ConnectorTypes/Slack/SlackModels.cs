using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Slack;

/// <summary>The <c>.slack</c> secrets: the incoming-webhook URL (its path is the secret).</summary>
internal sealed record SlackSecrets
{
    public required string WebhookUrl { get; init; }
}

/// <summary>The <c>.slack</c> params.</summary>
internal sealed record SlackParams
{
    /// <summary>The message text (at least one character), rendered with the Slack escape.</summary>
    public required string Message { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SlackSecrets))]
[JsonSerializable(typeof(SlackParams))]
internal sealed partial class SlackJsonContext : JsonSerializerContext;
