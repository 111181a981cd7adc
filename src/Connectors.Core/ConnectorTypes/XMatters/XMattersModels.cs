using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.XMatters;

/// <summary>The <c>.xmatters</c> config: the flow URL for basic auth, and which authentication is used.</summary>
internal sealed record XMattersConfig
{
    public string? ConfigUrl { get; init; }

    public bool UsesBasic { get; set; } = true;
}

/// <summary>The <c>.xmatters</c> secrets: user and password (basic) or a URL carrying the API key.</summary>
internal sealed record XMattersSecrets
{
    public string? User { get; init; }

    public string? Password { get; init; }

    public string? SecretsUrl { get; init; }
}

/// <summary>The <c>.xmatters</c> params, in the order they are sent.</summary>
internal sealed record XMattersParams
{
    public string? AlertActionGroupName { get; init; }

    public string? SignalId { get; init; }

    public string? RuleName { get; init; }

    public string? Date { get; init; }

    public required string Severity { get; init; }

    public string? SpaceId { get; init; }

    public string? Tags { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(XMattersConfig))]
[JsonSerializable(typeof(XMattersSecrets))]
[JsonSerializable(typeof(XMattersParams))]
internal sealed partial class XMattersJsonContext : JsonSerializerContext;
