using System.Text.Json.Serialization;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.CrowdStrike;

/// <summary>The <c>.crowdstrike</c> config: the API base URL, for example <c>https://api.crowdstrike.com</c>.</summary>
internal sealed record CrowdStrikeConfig
{
    public required string Url { get; init; }
}

/// <summary>The <c>.crowdstrike</c> secrets: the OAuth2 API client's id and secret.</summary>
internal sealed record CrowdStrikeSecrets
{
    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }
}

/// <summary>The params schemas of the CrowdStrike sub-actions (zod's <c>crowdstrike/schemas/v1.ts</c>), bound to JSON objects.</summary>
internal static class CrowdStrikeSchemas
{
    /// <summary><c>{ids: string[]}</c> (getAgentDetails, getAgentOnlineStatus).</summary>
    public static ObjectFieldsSchema Ids { get; } = new([new("ids", SchemaFieldKind.StringArray) { Required = true }]);

    /// <summary><c>{command: 'contain'|'lift_containment', ids, actionParameters?, alertIds?, comment?}</c>.</summary>
    public static ObjectFieldsSchema HostActions { get; } = new(
    [
        new("command", SchemaFieldKind.String) { Required = true, OneOf = ["contain", "lift_containment"] },
        new("actionParameters", SchemaFieldKind.AnyObject),
        new("ids", SchemaFieldKind.StringArray) { Required = true },
        new("alertIds", SchemaFieldKind.StringArray),
        SchemaField.Text("comment"),
    ]);

    /// <summary>The RTR command params: <c>{command, endpoint_ids}</c> (Kibana accepts anything here; we check the two it reads).</summary>
    public static ObjectFieldsSchema Rtr { get; } = new(
    [
        SchemaField.Text("command", required: true),
        new("endpoint_ids", SchemaFieldKind.StringArray) { Required = true },
    ]);

    /// <summary>getRTRCloudScripts takes no params (Kibana's schema is <c>any</c> and ignores them).</summary>
    public static ObjectFieldsSchema None { get; } = new([], passthrough: true);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CrowdStrikeConfig))]
[JsonSerializable(typeof(CrowdStrikeSecrets))]
internal sealed partial class CrowdStrikeJsonContext : JsonSerializerContext;
