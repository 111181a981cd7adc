using System.Text.Json.Serialization;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.MicrosoftDefenderEndpoint;

/// <summary>
/// The <c>.microsoft_defender_endpoint</c> config: the Entra ID app (<c>clientId</c>, <c>tenantId</c>), the token
/// server (<c>oAuthServerUrl</c>, e.g. <c>https://login.microsoftonline.com</c>) and scope
/// (<c>https://api.securitycenter.microsoft.com/.default</c>), and the API URL.
/// </summary>
internal sealed record MicrosoftDefenderEndpointConfig
{
    public required string ClientId { get; init; }

    public required string TenantId { get; init; }

    public required string OAuthServerUrl { get; init; }

    public required string OAuthScope { get; init; }

    public required string ApiUrl { get; init; }
}

/// <summary>The <c>.microsoft_defender_endpoint</c> secrets: the Entra ID app's client secret.</summary>
internal sealed record MicrosoftDefenderEndpointSecrets
{
    public required string ClientSecret { get; init; }
}

/// <summary>The params schemas of the Defender sub-actions (zod's <c>microsoft_defender_endpoint/schemas/v1.ts</c>).</summary>
internal static class MicrosoftDefenderEndpointSchemas
{
    private static readonly string[] HealthStatuses =
        ["Active", "Inactive", "ImpairedCommunication", "NoSensorData", "NoSensorDataImpairedCommunication", "Unknown"];

    private static readonly string[] ActionTypes =
    [
        "RunAntiVirusScan", "Offboard", "LiveResponse", "CollectInvestigationPackage", "Isolate", "Unisolate", "StopAndQuarantineFile",
        "RestrictCodeExecution", "UnrestrictCodeExecution",
    ];

    private static readonly string[] ActionStatuses = ["Pending", "InProgress", "Succeeded", "Failed", "TimeOut", "Cancelled"];

    /// <summary><c>{}</c> (testConnector, getLibraryFiles).</summary>
    public static ObjectFieldsSchema Empty { get; } = new([]);

    /// <summary><c>{id}</c> (getAgentDetails, getActionResults).</summary>
    public static ObjectFieldsSchema Id { get; } = new([SchemaField.Text("id", required: true, min: 1)]);

    /// <summary><c>{id, comment}</c> (isolateHost, releaseHost).</summary>
    public static ObjectFieldsSchema IdComment { get; } =
        new([SchemaField.Text("id", required: true, min: 1), SchemaField.Text("comment", required: true, min: 1)]);

    /// <summary><c>AgentListParamsSchema</c>: OData filters (a string or a non-empty string array each), page, pageSize.</summary>
    public static ObjectFieldsSchema AgentList { get; } = new(
    [
        Filter("computerDnsName"), Filter("id"), Filter("version"), Filter("deviceValue"), Filter("aaDeviceId"), Filter("machineTags"),
        Filter("lastSeen"), Filter("exposureLevel"), Filter("onboardingStatus"), Filter("lastIpAddress"), Filter("healthStatus", HealthStatuses),
        Filter("osPlatform"), Filter("riskScore"), Filter("rbacGroupId"),
        new("page", SchemaFieldKind.Number) { Min = 1 },
        new("pageSize", SchemaFieldKind.Number) { Min = 1, Max = 1000 },
    ]);

    /// <summary><c>GetActionsParamsSchema</c>.</summary>
    public static ObjectFieldsSchema GetActions { get; } = new(
    [
        Filter("id"), Filter("status", ActionStatuses), Filter("machineId"), Filter("type", ActionTypes), Filter("requestor"),
        Filter("creationDateTimeUtc"),
        new("page", SchemaFieldKind.Number) { Min = 1 },
        new("pageSize", SchemaFieldKind.Number) { Min = 1, Max = 1000 },
        SchemaField.Text("sortField", min: 1),
        new("sortDirection", SchemaFieldKind.String) { OneOf = ["asc", "desc"] },
    ]);

    /// <summary><c>RunScriptParamsSchema</c>.</summary>
    public static ObjectFieldsSchema RunScript { get; } = new(
    [
        SchemaField.Text("id", required: true, min: 1),
        SchemaField.Text("comment", min: 1),
        new("parameters", SchemaFieldKind.Object)
        {
            Required = true,
            Object = new([SchemaField.Text("scriptName", required: true, min: 1), SchemaField.Text("args", min: 1)]),
        },
    ]);

    /// <summary><c>CancelParamsSchema</c>.</summary>
    public static ObjectFieldsSchema Cancel { get; } =
        new([SchemaField.Text("comment", required: true, min: 1), SchemaField.Text("actionId", required: true, min: 1)]);

    /// <summary>The page and sort keys, which are not OData filters.</summary>
    public static IReadOnlySet<string> NotFilters { get; } = new HashSet<string>(["page", "pageSize", "sortField", "sortDirection"], StringComparer.Ordinal);

    private static SchemaField Filter(string name, IReadOnlyList<string>? oneOf = null) =>
        new(name, SchemaFieldKind.StringOrStringArray) { Min = 1, MinItems = 1, OneOf = oneOf };
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MicrosoftDefenderEndpointConfig))]
[JsonSerializable(typeof(MicrosoftDefenderEndpointSecrets))]
internal sealed partial class MicrosoftDefenderEndpointJsonContext : JsonSerializerContext;
