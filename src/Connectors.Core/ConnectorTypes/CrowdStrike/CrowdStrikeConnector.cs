using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.ConnectorTypes.Common;
using Connectors.Internal;

namespace Connectors.ConnectorTypes.CrowdStrike;

/// <summary>
/// <c>.crowdstrike</c> (enterprise, endpoint security): the Falcon API with an OAuth2 client-credentials token —
/// device details and online state, containment (<c>hostActions</c>), and Real Time Response <c>runscript</c>
/// commands in a batch session. Responses are returned as CrowdStrike sends them.
/// </summary>
internal sealed partial class CrowdStrikeConnector(OAuthTokenCache tokens) : IConnectorExecutor
{
    public const string TypeId = ".crowdstrike";

    private static readonly SubActionSet<CrowdStrikeApi> SubActions =
        new SubActionSet<CrowdStrikeApi>(TypeId, "CrowdStrike")
            .Add<JsonObject>("getAgentDetails", CrowdStrikeSchemas.Ids, (api, p, ct) => api.GetAsync("/devices/entities/devices/v2", Ids(p), ct))
            .Add<JsonObject>("hostActions", CrowdStrikeSchemas.HostActions, (api, p, ct) => api.HostActionsAsync(p, ct))
            .Add<JsonObject>("getAgentOnlineStatus", CrowdStrikeSchemas.Ids, (api, p, ct) => api.GetAsync("/devices/entities/online-state/v1", Ids(p), ct))
            .Add<JsonObject>("executeRTRCommand", CrowdStrikeSchemas.Rtr, (api, p, ct) => api.RtrAsync("/real-time-response/combined/batch-command/v1", p, ct))
            .Add<JsonObject>(
                "batchActiveResponderExecuteRTR",
                CrowdStrikeSchemas.Rtr,
                (api, p, ct) => api.RtrAsync("/real-time-response/combined/batch-active-responder-command/v1", p, ct))
            .Add<JsonObject>("batchAdminExecuteRTR", CrowdStrikeSchemas.Rtr, (api, p, ct) => api.RtrAsync("/real-time-response/combined/batch-admin-command/v1", p, ct))
            .Add<JsonObject>("getRTRCloudScripts", CrowdStrikeSchemas.None, (api, _, ct) => api.GetAsync("/real-time-response/entities/scripts/v1", [], ct));

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "CrowdStrike",
        MinimumLicenseRequired = LicenseLevel.Enterprise,
        SupportedFeatureIds = [ConnectorFeatureIds.EndpointSecurity],
        Config = ConnectorSchema.Create(CrowdStrikeJsonContext.Default.CrowdStrikeConfig, static (c, ctx) => ctx.Policy.IsUriAllowed(c.Url)
            ? null
            : new ConnectorValidationError("url", $"error validating url: {ConnectorPolicy.UriNotAllowedMessage(c.Url)}")),
        Secrets = ConnectorSchema.Create(CrowdStrikeJsonContext.Default.CrowdStrikeSecrets),
        Params = SubActionEnvelopeSchema.Instance,
    };

    /// <summary>The sub-actions this type registers (all of Kibana's, the RTR ones included).</summary>
    internal static IEnumerable<string> SubActionNames => SubActions.Names;

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SubActions.ExecuteAsync(context, new CrowdStrikeApi(context, tokens), context.GetParams<SubActionEnvelope>(), cancellationToken);
    }

    /// <summary>
    /// Kibana's <c>paramsSerializer</c>: <c>encodeURIComponent(key)=encodeURIComponent(String(value))</c>, so an array
    /// becomes <c>a%2Cb</c>.
    /// </summary>
    internal static string Query(IEnumerable<(string Key, string Value)> parameters) =>
        string.Join('&', parameters.Select(p => $"{AxiosQuery.UriComponent(p.Key)}={AxiosQuery.UriComponent(p.Value)}"));

    /// <summary>
    /// <c>getResponseErrorMessage</c>: the first <c>errors[].message</c>; for a failure without a response
    /// <c>URL not found: host</c> / <c>Connection Refused: address:port</c>; else <c>API Error: &lt;JSON body&gt;</c>
    /// (<c>Unknown API Error: …</c> without a status).
    /// </summary>
    internal static string ErrorMessage(SubActionHttpFailure failure)
    {
        if (failure.Data?["errors"] is JsonArray { Count: > 0 } errors && errors[0] is JsonObject first)
        {
            return OAuthBearer.Text(first["message"]) ?? first["message"]?.ToJsonString() ?? "undefined";
        }

        if (failure.Status == 0)
        {
            const string notFound = "getaddrinfo ENOTFOUND ", refused = "connect ECONNREFUSED ";
            if (failure.AxiosMessage.StartsWith(notFound, StringComparison.Ordinal))
            {
                return $"URL not found: {failure.AxiosMessage[notFound.Length..]}";
            }

            if (failure.AxiosMessage.StartsWith(refused, StringComparison.Ordinal))
            {
                return $"Connection Refused: {failure.AxiosMessage[refused.Length..]}";
            }

            return $"Unknown API Error: {(failure.Data ?? new JsonObject()).ToJsonString(HttpResults.JsonOptions)}";
        }

        return $"API Error: {(failure.Data ?? new JsonObject()).ToJsonString(HttpResults.JsonOptions)}";
    }

    /// <summary>
    /// <c>CrowdstrikeError</c>: <c>Status code: N. Message: M</c> keeps only <c>M</c> (up to the first line break);
    /// other texts are kept whole. Status, retry time and who is at fault are kept.
    /// </summary>
    internal static SubActionException Rewrap(SubActionException error)
    {
        var match = StatusMessage().Match(error.Message);
        var message = match.Success ? match.Groups[2].Value : error.Message;
        return new SubActionException(message.Length == 0 ? "Unknown Crowdstrike error" : message, error.ErrorSource)
        {
            Status = error.Status,
            RetryAt = error.RetryAt,
        };
    }

    private static IEnumerable<(string, string)> Ids(JsonObject p) =>
        [("ids", string.Join(',', p["ids"]!.AsArray().Select(i => i!.GetValue<string>())))];

    [GeneratedRegex(@"Status code: (\d+). Message: (.+)")]
    private static partial Regex StatusMessage();
}
