using System.Text.Json.Serialization;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.SentinelOne;

/// <summary>The <c>.sentinelone</c> config: the management console URL, for example <c>https://usea1.sentinelone.net</c>.</summary>
internal sealed record SentinelOneConfig
{
    public required string Url { get; init; }
}

/// <summary>The <c>.sentinelone</c> secrets: the API token (sent as the <c>APIToken</c> query parameter).</summary>
internal sealed record SentinelOneSecrets
{
    public required string Token { get; init; }
}

/// <summary>The params schemas of the SentinelOne sub-actions (zod's <c>sentinelone/schemas/v1.ts</c>), in Kibana's field order.</summary>
internal static class SentinelOneSchemas
{
    /// <summary>The agent filter fields of <c>SentinelOneBaseFilterSchema</c>, each <c>string | null</c>, in Kibana's order.</summary>
    public static IReadOnlyList<string> FilterFields { get; } =
    [
        "K8SNodeName__contains", "coreCount__lt", "rangerStatuses", "adUserQuery__contains", "rangerVersionsNin", "rangerStatusesNin",
        "coreCount__gte", "threatCreatedAt__gte", "decommissionedAt__lte", "operationalStatesNin", "appsVulnerabilityStatusesNin",
        "mitigationMode", "createdAt__gte", "gatewayIp", "cloudImage__contains", "registeredAt__between", "threatMitigationStatus",
        "installerTypesNin", "appsVulnerabilityStatuses", "threatResolved", "mitigationModeSuspicious", "isUpToDate",
        "adComputerQuery__contains", "updatedAt__gte", "azureResourceGroup__contains", "scanStatus", "threatContentHash", "osTypesNin",
        "threatRebootRequired", "totalMemory__between", "firewallEnabled", "gcpServiceAccount__contains", "updatedAt__gt",
        "remoteProfilingStates", "filteredGroupIds", "agentVersions", "activeThreats", "machineTypesNin", "lastActiveDate__gt",
        "awsSubnetIds__contains", "installerTypes", "registeredAt__gte", "migrationStatus", "cloudTags__contains", "totalMemory__gte",
        "decommissionedAt__lt", "threatCreatedAt__lt", "updatedAt__lte", "osArch", "registeredAt__gt", "registeredAt__lt", "siteIds",
        "networkInterfaceInet__contains", "groupIds", "uuids", "accountIds", "scanStatusesNin", "cpuCount__lte", "locationIds",
        "awsSecurityGroups__contains", "networkStatusesNin", "activeThreats__gt", "infected", "osVersion__contains", "machineTypes",
        "agentPodName__contains", "computerName__like", "threatCreatedAt__gt", "consoleMigrationStatusesNin", "computerName",
        "decommissionedAt__between", "cloudInstanceId__contains", "createdAt__lte", "coreCount__between", "totalMemory__lte",
        "remoteProfilingStatesNin", "adComputerMember__contains", "threatCreatedAt__between", "totalMemory__gt", "ids", "agentVersionsNin",
        "updatedAt__between", "locationEnabled", "locationIdsNin", "osTypes", "encryptedApplications", "filterId", "decommissionedAt__gt",
        "adUserMember__contains", "uuid", "coreCount__lte", "coreCount__gt", "cloudNetwork__contains", "clusterName__contains",
        "cpuCount__gte", "query", "lastActiveDate__between", "rangerStatus", "domains", "cloudProvider", "lastActiveDate__lt",
        "scanStatuses", "hasLocalConfiguration", "networkStatuses", "isPendingUninstall", "createdAt__gt", "cpuCount__lt",
        "consoleMigrationStatuses", "adQuery", "updatedAt__lt", "createdAt__lt", "adComputerName__contains", "cloudInstanceSize__contains",
        "registeredAt__lte", "networkQuarantineEnabled", "cloudAccount__contains", "cloudLocation__contains", "rangerVersions",
        "networkInterfaceGatewayMacAddress__contains", "uuid__contains", "agentNamespace__contains", "K8SNodeLabels__contains",
        "adQuery__contains", "K8SType__contains", "countsFor", "totalMemory__lt", "externalId__contains", "filteredSiteIds",
        "decommissionedAt__gte", "cpuCount__gt", "threatHidden", "isUninstalled", "computerName__contains", "lastActiveDate__lte",
        "adUserName__contains", "isActive", "userActionsNeeded", "threatCreatedAt__lte", "domainsNin", "operationalStates",
        "externalIp__contains", "isDecommissioned", "networkInterfacePhysical__contains", "lastActiveDate__gte", "createdAt__between",
        "cpuCount__between", "lastLoggedInUserName__contains", "awsRole__contains", "K8SVersion__contains",
    ];

    /// <summary><c>SentinelOneBaseFilterSchema</c>: the filter fields plus <c>alertIds?: string[]</c> (getAgents, isolateHost, releaseHost).</summary>
    public static ObjectFieldsSchema Filter { get; } = new(
        [.. FilterFields.Select(f => SchemaField.Text(f, nullable: true)), new("alertIds", SchemaFieldKind.StringArray)]);

    /// <summary><c>SentinelOneGetRemoteScriptsParamsSchema</c>.</summary>
    public static ObjectFieldsSchema GetRemoteScripts { get; } = new(
    [
        SchemaField.Text("query", nullable: true),
        SchemaField.Text("osTypes", nullable: true),
        SchemaField.Text("scriptType", nullable: true),
        SchemaField.Text("cursor", nullable: true),
        SchemaField.Text("groupIds", nullable: true),
        SchemaField.Text("ids", nullable: true),
        new("isAvailableForArs", SchemaFieldKind.Boolean) { Nullable = true },
        new("limit", SchemaFieldKind.Number) { Nullable = true, Min = 1, Max = 1000 },
        SchemaField.Text("siteIds", nullable: true),
        new("skip", SchemaFieldKind.Number) { Nullable = true },
        new("skipCount", SchemaFieldKind.Boolean) { Nullable = true },
        SchemaField.Text("sortBy", nullable: true),
        SchemaField.Text("sortOrder", nullable: true),
    ]);

    /// <summary><c>SentinelOneFetchAgentFilesParamsSchema</c>.</summary>
    public static ObjectFieldsSchema FetchAgentFiles { get; } = new(
    [
        SchemaField.Text("agentId", required: true, min: 1),
        SchemaField.Text("zipPassCode", required: true, min: 10),
        new("files", SchemaFieldKind.StringArray) { Required = true, Min = 1 },
    ]);

    /// <summary><c>SentinelOneDownloadAgentFileParamsSchema</c>.</summary>
    public static ObjectFieldsSchema DownloadAgentFile { get; } = new(
        [SchemaField.Text("agentId", required: true, min: 1), SchemaField.Text("activityId", required: true, min: 1)]);

    /// <summary><c>SentinelOneGetActivitiesParamsSchema</c> (the whole object is optional).</summary>
    public static ObjectFieldsSchema GetActivities { get; } = new(
    [
        SchemaField.Text("accountIds", min: 1),
        SchemaField.Text("activityTypes"),
        SchemaField.Text("activityUuids", min: 1),
        SchemaField.Text("agentIds", min: 1),
        SchemaField.Text("alertIds", min: 1),
        new("countOnly", SchemaFieldKind.Boolean),
        SchemaField.Text("createdAt__between", min: 1),
        SchemaField.Text("createdAt__gt", min: 1),
        SchemaField.Text("createdAt__gte", min: 1),
        SchemaField.Text("createdAt__lt", min: 1),
        SchemaField.Text("createdAt__lte", min: 1),
        SchemaField.Text("cursor", min: 1),
        SchemaField.Text("groupIds", min: 1),
        SchemaField.Text("ids", min: 1),
        new("includeHidden", SchemaFieldKind.Boolean),
        new("limit", SchemaFieldKind.Number),
        SchemaField.Text("ruleIds", min: 1),
        SchemaField.Text("siteIds", min: 1),
        new("skip", SchemaFieldKind.Number),
        new("skipCount", SchemaFieldKind.Boolean),
        SchemaField.Text("sortBy", min: 1),
        SchemaField.Text("sortOrder", min: 1),
        SchemaField.Text("threatIds", min: 1),
        SchemaField.Text("userEmails", min: 1),
        SchemaField.Text("userIds", min: 1),
    ]);

    /// <summary><c>SentinelOneExecuteScriptParamsSchema</c>.</summary>
    public static ObjectFieldsSchema ExecuteScript { get; } = new(
    [
        new("filter", SchemaFieldKind.Object)
        {
            Required = true,
            Object = new([SchemaField.Text("uuids", min: 1), SchemaField.Text("ids", min: 1)]),
        },
        new("script", SchemaFieldKind.Object)
        {
            Required = true,
            Object = new(
            [
                SchemaField.Text("apiKey"),
                SchemaField.Text("inputParams"),
                SchemaField.Text("outputDirectory"),
                new("outputDestination", SchemaFieldKind.String) { OneOf = ["Local", "None", "SentinelCloud", "SingularityXDR"] },
                new("passwordFromScope", SchemaFieldKind.Object) { Object = new([SchemaField.Text("scopeLevel"), SchemaField.Text("scopeId")]) },
                SchemaField.Text("password"),
                new("requiresApproval", SchemaFieldKind.Boolean),
                SchemaField.Text("scriptId", required: true),
                SchemaField.Text("scriptName"),
                new("scriptRuntimeTimeoutSeconds", SchemaFieldKind.Number),
                SchemaField.Text("singularityxdrKeyword"),
                SchemaField.Text("singularityxdrUrl"),
                SchemaField.Text("taskDescription"),
            ]),
        },
        new("alertIds", SchemaFieldKind.StringArray),
    ]);

    /// <summary><c>SentinelOneGetRemoteScriptResultsParamsSchema</c>.</summary>
    public static ObjectFieldsSchema GetRemoteScriptResults { get; } = new([new("taskIds", SchemaFieldKind.StringArray) { Required = true }]);

    /// <summary><c>SentinelOneDownloadRemoteScriptResultsParamsSchema</c>.</summary>
    public static ObjectFieldsSchema DownloadRemoteScriptResults { get; } = new([SchemaField.Text("taskId", required: true, min: 1)]);

    /// <summary><c>SentinelOneGetRemoteScriptStatusParamsSchema</c> (passthrough: other keys allowed, not sent).</summary>
    public static ObjectFieldsSchema GetRemoteScriptStatus { get; } = new([SchemaField.Text("parentTaskId", required: true)], passthrough: true);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SentinelOneConfig))]
[JsonSerializable(typeof(SentinelOneSecrets))]
internal sealed partial class SentinelOneJsonContext : JsonSerializerContext;
