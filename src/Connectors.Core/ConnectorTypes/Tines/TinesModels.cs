using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Tines;

/// <summary>The <c>.tines</c> config: the tenant URL, for example <c>https://example.tines.com</c>.</summary>
internal sealed record TinesConfig
{
    public required string Url { get; init; }
}

/// <summary>The <c>.tines</c> secrets: the API user's email and token (sent on the listing calls only).</summary>
internal sealed record TinesSecrets
{
    public required string Email { get; init; }

    public required string Token { get; init; }
}

/// <summary><c>webhooks</c> params: the story whose webhook actions to list (a number, or a string coerced to one).</summary>
internal sealed record TinesWebhooksParams
{
    public required long StoryId { get; init; }
}

/// <summary><c>run</c> / <c>test</c> params: the webhook (or its URL) and the body to post.</summary>
internal sealed record TinesRunParams
{
    public TinesWebhook? Webhook { get; init; }

    public string? WebhookUrl { get; init; }

    public required string Body { get; init; }
}

/// <summary>A webhook action as <c>webhooks</c> returns it; path and secret make its URL.</summary>
internal sealed record TinesWebhook
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    public required long StoryId { get; init; }

    public string? Path { get; init; }

    public string? Secret { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TinesConfig))]
[JsonSerializable(typeof(TinesSecrets))]
[JsonSerializable(typeof(TinesWebhooksParams))]
[JsonSerializable(typeof(TinesRunParams))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class TinesJsonContext : JsonSerializerContext;
