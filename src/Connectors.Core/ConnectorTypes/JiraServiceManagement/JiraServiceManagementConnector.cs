using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.ConnectorTypes.Opsgenie;
using Microsoft.Extensions.Logging;

namespace Connectors.ConnectorTypes.JiraServiceManagement;

/// <summary>
/// <c>.jira-service-management</c> (platinum): Jira Service Management's Opsgenie-style alerts API
/// (<c>jsm/ops/integration/v2/alerts</c>) — <c>createAlert</c> and <c>closeAlert</c> by alias — with
/// <c>Authorization: GenieKey &lt;apiKey&gt;</c>. Params, limits, the 130-character message, the sha-256 alias and
/// the <c>{{rule.tags}}</c> expansion are Opsgenie's, which Kibana's connector shares.
/// </summary>
internal sealed partial class JiraServiceManagementConnector : IConnectorExecutor
{
    public const string TypeId = ".jira-service-management";
    private const string AlertsPath = "jsm/ops/integration/v2/alerts";

    private static readonly SubActionSet<ConnectorExecutionContext> SubActions =
        new SubActionSet<ConnectorExecutionContext>(TypeId, "Jira Service Management")
            .Add("createAlert", OpsgenieJsonContext.Default.OpsgenieCreateAlertParams, CreateAlertAsync, OpsgenieValidation.ValidateCreateAlert)
            .Add("closeAlert", OpsgenieJsonContext.Default.OpsgenieCloseAlertParams, CloseAlertAsync, OpsgenieValidation.ValidateCloseAlert);

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Jira Service Management",
        MinimumLicenseRequired = LicenseLevel.Platinum,
        SupportedFeatureIds =
        [
            ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Uptime, ConnectorFeatureIds.Siem,
            ConnectorFeatureIds.Workflows, ConnectorFeatureIds.AgentBuilder,
        ],
        // Unlike Opsgenie's (which falls back to its public API), JSM's apiUrl is required: each site has its own.
        Config = ConnectorSchema.Create(OpsgenieJsonContext.Default.OpsgenieConfig, static (config, context) =>
            string.IsNullOrWhiteSpace(config.ApiUrl)
                ? new ConnectorValidationError("apiUrl", "[apiUrl]: expected value of type [string] but got [undefined]")
                : OpsgenieValidation.ValidateConfig(config, context)),
        Secrets = ConnectorSchema.Create(OpsgenieJsonContext.Default.OpsgenieSecrets),
        Params = SubActionEnvelopeSchema.Instance,
        PrepareParamsForRendering = OpsgenieConnector.ExpandRuleTags,
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SubActions.ExecuteAsync(context, context, context.GetParams<SubActionEnvelope>(), cancellationToken);
    }

    private static async ValueTask<JsonNode?> CreateAlertAsync(
        ConnectorExecutionContext context, OpsgenieCreateAlertParams p, CancellationToken cancellationToken)
    {
        var message = p.Message;
        if (message.Length > OpsgenieValidation.MessageMaxLength)
        {
            MessageTruncated(context.Logger, context.ConnectorId, message.Length, OpsgenieValidation.MessageMaxLength);
            message = message[..OpsgenieValidation.MessageMaxLength];
        }

        var body = p with
        {
            Message = message,
            Alias = string.IsNullOrEmpty(p.Alias) ? p.Alias : OpsgenieValidation.CreateAlias(p.Alias),
        };
        return await SendAsync(
            context, Url(context, AlertsPath), JsonSerializer.SerializeToNode(body, OpsgenieJsonContext.Default.OpsgenieCreateAlertParams), cancellationToken)
            .ConfigureAwait(false);
    }

    private static async ValueTask<JsonNode?> CloseAlertAsync(
        ConnectorExecutionContext context, OpsgenieCloseAlertParams p, CancellationToken cancellationToken)
    {
        var url = Url(context, $"{AlertsPath}/{OpsgenieValidation.CreateAlias(p.Alias)}/close") + "?identifierType=alias";
        var body = JsonSerializer.SerializeToNode(p, OpsgenieJsonContext.Default.OpsgenieCloseAlertParams)!.AsObject();
        body.Remove("alias");
        return await SendAsync(context, url, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>new URL(path, apiUrl)</c>: an apiUrl without a trailing slash loses its last segment.</summary>
    private static string Url(ConnectorExecutionContext context, string path) =>
        new Uri(new Uri(context.GetConfig<OpsgenieConfig>().ApiUrl!), path).AbsoluteUri;

    private static Task<JsonNode?> SendAsync(ConnectorExecutionContext context, string url, JsonNode? body, CancellationToken cancellationToken) =>
        SubActionHttp.SendAsync(
            context,
            HttpMethod.Post,
            url,
            body,
            [new("Authorization", $"GenieKey {context.GetSecrets<OpsgenieSecrets>().ApiKey}")],
            OpsgenieConnector.ResponseErrorMessage,
            OpsgenieValidation.ValidateResponse,
            cancellationToken);

    [LoggerMessage(EventId = 410, Level = LogLevel.Warning, Message = "connector \"{ConnectorId}\" message length {Length} exceeds {Max} and has been truncated")]
    private static partial void MessageTruncated(ILogger logger, string connectorId, int length, int max);
}
