using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.Templating;
using Connectors.Templating.Internal;

namespace Connectors.ConnectorTypes.SentinelOne;

/// <summary>
/// <c>.sentinelone</c> (enterprise, endpoint security): the SentinelOne management API v2.1 with the API token as the
/// <c>APIToken</c> query parameter — agents, network isolation and release, remote scripts (list, execute, status,
/// results, download), agent file fetch and download, and the activity log. Responses are returned as SentinelOne
/// sends them; downloads come back as base64 (see <c>docs/connectors/endpoint-security.md</c>).
/// </summary>
internal sealed class SentinelOneConnector : IConnectorExecutor
{
    public const string TypeId = ".sentinelone";

    private static readonly SubActionSet<SentinelOneApi> SubActions =
        new SubActionSet<SentinelOneApi>(TypeId, "Sentinel One")
            .Add<JsonObject>("getRemoteScripts", SentinelOneSchemas.GetRemoteScripts, (api, p, ct) => api.GetAsync("/remote-scripts", p, ct))
            .Add<JsonObject>("fetchAgentFiles", SentinelOneSchemas.FetchAgentFiles, (api, p, ct) => api.FetchAgentFilesAsync(p, ct))
            .Add<JsonObject>("downloadAgentFile", SentinelOneSchemas.DownloadAgentFile, (api, p, ct) => api.DownloadAgentFileAsync(p, ct))
            .Add<JsonObject>("getActivities", SentinelOneSchemas.GetActivities, (api, p, ct) => api.GetAsync("/activities", p, ct))
            .Add<JsonObject>(
                "getRemoteScriptStatus",
                SentinelOneSchemas.GetRemoteScriptStatus,
                (api, p, ct) => api.GetAsync("/remote-scripts/status", new JsonObject { ["parent_task_id"] = p["parentTaskId"]!.DeepClone() }, ct))
            .Add<JsonObject>("getRemoteScriptResults", SentinelOneSchemas.GetRemoteScriptResults, (api, p, ct) => api.GetRemoteScriptResultsAsync(p["taskIds"]!, ct))
            .Add<JsonObject>("downloadRemoteScriptResults", SentinelOneSchemas.DownloadRemoteScriptResults, (api, p, ct) => api.DownloadRemoteScriptResultsAsync(p, ct))
            .Add<JsonObject>("getAgents", SentinelOneSchemas.Filter, (api, p, ct) => api.GetAsync("/agents", p, ct))
            .Add<JsonObject>("isolateHost", SentinelOneSchemas.Filter, (api, p, ct) => api.SetNetworkAsync(p, isolate: true, ct))
            .Add<JsonObject>("releaseHost", SentinelOneSchemas.Filter, (api, p, ct) => api.SetNetworkAsync(p, isolate: false, ct))
            .Add<JsonObject>("executeScript", SentinelOneSchemas.ExecuteScript, (api, p, ct) => api.ExecuteScriptAsync(p, ct));

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Sentinel One",
        MinimumLicenseRequired = LicenseLevel.Enterprise,
        SupportedFeatureIds = [ConnectorFeatureIds.EndpointSecurity],
        Config = ConnectorSchema.Create(SentinelOneJsonContext.Default.SentinelOneConfig, static (c, ctx) => ctx.Policy.IsUriAllowed(c.Url)
            ? null
            : new ConnectorValidationError("url", $"error validating url: {ConnectorPolicy.UriNotAllowedMessage(c.Url)}")),
        Secrets = ConnectorSchema.Create(SentinelOneJsonContext.Default.SentinelOneSecrets),
        Params = SubActionEnvelopeSchema.Instance,
        RenderParamTemplates = RenderAlerts,
    };

    /// <summary>The sub-actions this type registers.</summary>
    internal static IEnumerable<string> SubActionNames => SubActions.Names;

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SubActions.ExecuteAsync(context, new SentinelOneApi(context), context.GetParams<SubActionEnvelope>(), cancellationToken);
    }

    /// <summary>
    /// Kibana's SentinelOne <c>renderParameterTemplates</c> (no Mustache pass): with alerts in <c>context.alerts</c>,
    /// <c>isolateHost</c> / <c>releaseHost</c> become <c>{computerName: alerts[0].host.name, alertIds}</c> and
    /// <c>executeScript</c> gets <c>computerName</c> first and <c>alertIds</c> last. Without alerts the params are
    /// left as given.
    /// </summary>
    internal static JsonObject RenderAlerts(JsonObject parameters, object variables, Func<string, MustacheEscape, string> render)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var subAction = (parameters["subAction"] as JsonValue)?.GetValueKind() == JsonValueKind.String ? parameters["subAction"]!.GetValue<string>() : null;
        if (subAction is not ("isolateHost" or "releaseHost" or "executeScript")
            || PlainValues.From(variables, kibana: false, depth: 0) is not IReadOnlyDictionary<string, object?> root
            || !root.TryGetValue("context", out var context) || context is not IReadOnlyDictionary<string, object?> contextObject
            || !contextObject.TryGetValue("alerts", out var alerts) || alerts is not IReadOnlyList<object?> { Count: > 0 } list)
        {
            return parameters;
        }

        var alertIds = new JsonArray([.. list.Select(a => a is IReadOnlyDictionary<string, object?> d && d.TryGetValue("_id", out var id) && id is string s
            ? JsonValue.Create(s)
            : null)]);
        var computerName = list[0] is IReadOnlyDictionary<string, object?> first && first.TryGetValue("host", out var host)
            && host is IReadOnlyDictionary<string, object?> hostObject && hostObject.TryGetValue("name", out var name) && name is string hostName
            ? hostName
            : null;
        var subActionParams = new JsonObject();
        if (computerName is not null)
        {
            subActionParams["computerName"] = computerName;
        }

        if (subAction == "executeScript" && parameters["subActionParams"] is JsonObject given)
        {
            foreach (var (key, value) in given)
            {
                subActionParams[key] = value?.DeepClone();
            }
        }

        subActionParams["alertIds"] = alertIds;
        return new JsonObject { ["subAction"] = subAction, ["subActionParams"] = subActionParams };
    }

    /// <summary>
    /// <c>getResponseErrorMessage</c>: <c>Unauthorized API Error (401)</c>, <c>API Error: [&lt;statusText&gt;] &lt;axios message&gt;</c>,
    /// or the transport's message, each followed by <c>\nResponse body: &lt;JSON&gt;</c>.
    /// </summary>
    internal static string ErrorMessage(SubActionHttpFailure failure)
    {
        var message = failure.Status switch
        {
            0 => failure.AxiosMessage,
            401 => "Unauthorized API Error (401)",
            _ => $"API Error: [{failure.StatusText}] {failure.AxiosMessage}",
        };
        return $"{message}\nResponse body: {(failure.Data ?? new JsonObject()).ToJsonString(HttpResults.JsonOptions)}";
    }
}
