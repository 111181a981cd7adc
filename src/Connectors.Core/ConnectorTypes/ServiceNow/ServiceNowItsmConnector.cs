using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.ServiceNow;

/// <summary>
/// <c>.servicenow</c> (ServiceNow ITSM, platinum): incidents through the Table API (deprecated) or the Elastic app's
/// Import Set API — <c>pushToService</c>, <c>closeIncident</c>, <c>getFields</c>, <c>getChoices</c>,
/// <c>getIncident</c>, <c>handshake</c> — with basic auth or OAuth JWT.
/// </summary>
internal sealed class ServiceNowItsmConnector : IConnectorExecutor
{
    public const string TypeId = ".servicenow";

    private static readonly Dictionary<string, (string?, string)> GroupingKeys = new(StringComparer.Ordinal)
    {
        ["pushToService"] = ("incident", "correlation_id"),
        ["closeIncident"] = ("incident", "correlation_id"),
    };

    private readonly ServiceNowTokenCache tokens = new();

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "ServiceNow ITSM",
        MinimumLicenseRequired = LicenseLevel.Platinum,
        SupportedFeatureIds =
        [
            ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Cases, ConnectorFeatureIds.Uptime, ConnectorFeatureIds.Siem, ConnectorFeatureIds.Workflows,
        ],
        Config = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowConfig, ServiceNowValidation.ValidateConfig),
        Secrets = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowSecrets, ServiceNowValidation.ValidateSecrets),
        ValidateConnector = ServiceNowValidation.ValidateConnector,
        Params = new SubActionUnionSchema(new Dictionary<string, ConnectorSchema>(StringComparer.Ordinal)
        {
            ["getFields"] = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowNoParams),
            ["getIncident"] = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowGetIncidentParams),
            ["handshake"] = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowNoParams),
            ["pushToService"] = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowItsmPushParams, ServiceNowValidation.ValidateItsmPush),
            ["getChoices"] = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowGetChoicesParams),
            ["closeIncident"] = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowCloseIncidentParams),
        }),
        IsConnectorDeprecated = ServiceNowValidation.IsDeprecated,
        PrepareParamsForRendering = static (parameters, _) => ServiceNowExecution.AddDefaultGroupingKey(parameters, GroupingKeys),
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = context.GetParams<SubActionCall>();
        var secrets = context.GetSecrets<ServiceNowSecrets>();
        return ExternalServiceRun.RunAsync(context, async () =>
        {
            var service = new ServiceNowService(context, context.GetConfig<ServiceNowConfig>(), secrets, ServiceNowTypeSettings.Itsm, tokens);
            return call.Params switch
            {
                ServiceNowItsmPushParams push => await ServiceNowExecution.PushAsync(
                    service,
                    ServiceNowExecution.IncidentFields(push.Incident, ServiceNowJsonContext.Default.ServiceNowItsmIncident, push.Incident.AdditionalFields),
                    push.Incident.ExternalId,
                    push.Comments,
                    secrets.Username,
                    cancellationToken).ConfigureAwait(false),
                ServiceNowCloseIncidentParams close => await service.CloseIncidentAsync(close.Incident.ExternalId, close.Incident.CorrelationId, cancellationToken)
                    .ConfigureAwait(false),
                ServiceNowGetChoicesParams choices => await service.GetChoicesAsync(choices.Fields, cancellationToken).ConfigureAwait(false),
                _ when call.SubAction == "getFields" => await service.GetFieldsAsync(cancellationToken).ConfigureAwait(false),
                _ => (JsonNode?)null,
            };
        });
    }
}
