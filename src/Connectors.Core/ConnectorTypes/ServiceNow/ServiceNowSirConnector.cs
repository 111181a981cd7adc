using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.ServiceNow;

/// <summary>
/// <c>.servicenow-sir</c> (ServiceNow SecOps, platinum): security incidents in <c>sn_si_incident</c>. On the Table API
/// the observables (IPs, hash, URL) are sent as comma-joined strings; on the Import Set API they are sent as null and
/// then added in bulk as <c>[{value, type}]</c>.
/// </summary>
internal sealed partial class ServiceNowSirConnector : IConnectorExecutor
{
    public const string TypeId = ".servicenow-sir";

    private static readonly Dictionary<string, (string?, string)> GroupingKeys = new(StringComparer.Ordinal)
    {
        ["pushToService"] = ("incident", "correlation_id"),
    };

    private static readonly string[] ObservableFields = ["dest_ip", "malware_hash", "malware_url", "source_ip"];

    private readonly ServiceNowTokenCache tokens = new();

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "ServiceNow SecOps",
        MinimumLicenseRequired = LicenseLevel.Platinum,
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Cases, ConnectorFeatureIds.Siem, ConnectorFeatureIds.Workflows],
        Config = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowConfig, ServiceNowValidation.ValidateConfig),
        Secrets = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowSecrets, ServiceNowValidation.ValidateSecrets),
        ValidateConnector = ServiceNowValidation.ValidateConnector,
        Params = new SubActionUnionSchema(new Dictionary<string, ConnectorSchema>(StringComparer.Ordinal)
        {
            ["getFields"] = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowNoParams),
            ["getIncident"] = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowGetIncidentParams),
            ["handshake"] = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowNoParams),
            ["pushToService"] = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowSirPushParams, ServiceNowValidation.ValidateSirPush),
            ["getChoices"] = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowGetChoicesParams),
        }),
        IsConnectorDeprecated = ServiceNowValidation.IsDeprecated,
        PrepareParamsForRendering = static (parameters, _) => ServiceNowExecution.AddDefaultGroupingKey(parameters, GroupingKeys),
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = context.GetParams<SubActionCall>();
        var config = context.GetConfig<ServiceNowConfig>();
        var secrets = context.GetSecrets<ServiceNowSecrets>();
        return ExternalServiceRun.RunAsync(context, async () =>
        {
            var service = new ServiceNowService(context, config, secrets, ServiceNowTypeSettings.Sir, tokens);
            return call.Params switch
            {
                ServiceNowSirPushParams push => await PushAsync(service, config, secrets, push, cancellationToken).ConfigureAwait(false),
                ServiceNowGetChoicesParams choices => await service.GetChoicesAsync(choices.Fields, cancellationToken).ConfigureAwait(false),
                _ when call.SubAction == "getFields" => await service.GetFieldsAsync(cancellationToken).ConfigureAwait(false),
                _ => (JsonNode?)null,
            };
        });
    }

    private static async Task<JsonNode?> PushAsync(
        ServiceNowService service, ServiceNowConfig config, ServiceNowSecrets secrets, ServiceNowSirPushParams push, CancellationToken cancellationToken)
    {
        var incident = ServiceNowExecution.IncidentFields(push.Incident, ServiceNowJsonContext.Default.ServiceNowSirIncident, push.Incident.AdditionalFields);
        foreach (var field in ObservableFields)
        {
            incident[field] = config.UsesTableApi
                ? incident[field] is JsonArray values ? string.Join(',', values.Select(v => v!.GetValue<string>())) : incident[field]?.DeepClone()
                : null;
        }

        var result = await ServiceNowExecution.PushAsync(service, incident, push.Incident.ExternalId, push.Comments, secrets.Username, cancellationToken)
            .ConfigureAwait(false);
        if (!config.UsesTableApi)
        {
            var observables = Observables(push.Incident);
            if (observables.Count > 0)
            {
                await service.AddObservablesAsync(ServiceNowService.Text(result["id"])!, observables, cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    /// <summary>IPs (destination then source) as <c>ipv4-addr</c>, the hash as <c>SHA256</c>, the URL as <c>URL</c>; split, de-duplicated per type, empties dropped.</summary>
    internal static JsonArray Observables(ServiceNowSirIncident incident)
    {
        var list = new JsonArray();
        foreach (var (values, type) in new[]
        {
            (Split(incident.DestIp).Concat(Split(incident.SourceIp)), "ipv4-addr"),
            (Split(incident.MalwareHash), "SHA256"),
            (Split(incident.MalwareUrl), "URL"),
        })
        {
            foreach (var value in values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal))
            {
                list.Add(new JsonObject { ["value"] = value, ["type"] = type });
            }
        }

        return list;
    }

    private static IEnumerable<string> Split(JsonNode? value) => value switch
    {
        JsonArray values => values.Select(v => v!.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Separators().Split(v.GetValue<string>()),
        _ => [],
    };

    [GeneratedRegex("[ ,|\r\n\t]+")]
    private static partial Regex Separators();
}
