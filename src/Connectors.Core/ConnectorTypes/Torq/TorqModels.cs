using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Torq;

/// <summary>The <c>.torq</c> config: the webhook integration URL (<c>https://hooks.torq.io/…</c> or <c>https://hooks.eu.torq.io/…</c>).</summary>
internal sealed record TorqConfig
{
    public required string WebhookIntegrationUrl { get; init; }
}

/// <summary>The <c>.torq</c> secrets: the integration token sent as <c>X-Torq-Token</c>.</summary>
internal sealed record TorqSecrets
{
    public required string Token { get; init; }
}

/// <summary>The <c>.torq</c> params: the JSON body (a template rendered without escaping).</summary>
internal sealed record TorqParams
{
    public required string Body { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TorqConfig))]
[JsonSerializable(typeof(TorqSecrets))]
[JsonSerializable(typeof(TorqParams))]
internal sealed partial class TorqJsonContext : JsonSerializerContext;
