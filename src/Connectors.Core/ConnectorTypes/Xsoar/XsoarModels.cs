using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.Xsoar;

/// <summary>The <c>.xsoar</c> config.</summary>
internal sealed record XsoarConfig
{
    public required string Url { get; init; }
}

/// <summary>The <c>.xsoar</c> secrets: the API key and, for XSOAR cloud, its id.</summary>
internal sealed record XsoarSecrets
{
    public required string ApiKey { get; init; }

    [JsonPropertyName("apiKeyID")]
    public string? ApiKeyID { get; init; }
}

/// <summary><c>getPlaybooks</c>: no params.</summary>
internal sealed record XsoarNoParams;

/// <summary><c>run</c>: the incident to create.</summary>
internal sealed record XsoarRunParams
{
    public required string Name { get; init; }

    public string? PlaybookId { get; init; }

    public required bool CreateInvestigation { get; init; }

    public required double Severity { get; init; }

    public bool? IsRuleSeverity { get; set; } = false;

    public string? Body { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(XsoarConfig))]
[JsonSerializable(typeof(XsoarSecrets))]
[JsonSerializable(typeof(XsoarNoParams))]
[JsonSerializable(typeof(XsoarRunParams))]
internal sealed partial class XsoarJsonContext : JsonSerializerContext;
