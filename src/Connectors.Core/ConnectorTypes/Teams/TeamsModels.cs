using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Teams;

/// <summary>The <c>.teams</c> secrets: the incoming-webhook URL (its path and query are the secret).</summary>
internal sealed record TeamsSecrets
{
    public required string WebhookUrl { get; init; }
}

/// <summary>The <c>.teams</c> params.</summary>
internal sealed record TeamsParams
{
    /// <summary>The message text (at least one character), sent as plain text.</summary>
    public required string Message { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TeamsSecrets))]
[JsonSerializable(typeof(TeamsParams))]
internal sealed partial class TeamsJsonContext : JsonSerializerContext;
