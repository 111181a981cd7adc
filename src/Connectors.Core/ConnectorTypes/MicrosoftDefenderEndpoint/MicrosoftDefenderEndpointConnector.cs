using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.Internal;

namespace Connectors.ConnectorTypes.MicrosoftDefenderEndpoint;

/// <summary>
/// <c>.microsoft_defender_endpoint</c> (enterprise, endpoint security): the Microsoft Defender for Endpoint API with
/// an Entra ID client-credentials token — machines (details, OData list), isolate and release, live-response scripts
/// and their results, machine actions (OData list, cancel), the live-response library, and a connection test.
/// </summary>
internal sealed class MicrosoftDefenderEndpointConnector(OAuthTokenCache tokens) : IConnectorExecutor
{
    public const string TypeId = ".microsoft_defender_endpoint";

    private static readonly SubActionSet<MicrosoftDefenderEndpointApi> SubActions =
        new SubActionSet<MicrosoftDefenderEndpointApi>(TypeId, "Microsoft Defender for Endpoint")
            .Add<JsonObject>("getAgentDetails", MicrosoftDefenderEndpointSchemas.Id, (api, p, ct) => api.GetAgentDetailsAsync(Text(p, "id"), ct))
            .Add<JsonObject>("getAgentList", MicrosoftDefenderEndpointSchemas.AgentList, (api, p, ct) => api.ListAsync("/api/machines", p, ct))
            .Add<JsonObject>("isolateHost", MicrosoftDefenderEndpointSchemas.IdComment, (api, p, ct) => api.IsolateAsync(Text(p, "id"), Text(p, "comment"), ct))
            .Add<JsonObject>("releaseHost", MicrosoftDefenderEndpointSchemas.IdComment, (api, p, ct) => api.ReleaseAsync(Text(p, "id"), Text(p, "comment"), ct))
            .Add<JsonObject>("testConnector", MicrosoftDefenderEndpointSchemas.Empty, (api, _, ct) => api.TestAsync(ct))
            .Add<JsonObject>("getActions", MicrosoftDefenderEndpointSchemas.GetActions, (api, p, ct) => api.ListAsync("/api/machineactions", p, ct))
            .Add<JsonObject>("getLibraryFiles", MicrosoftDefenderEndpointSchemas.Empty, (api, _, ct) => api.GetAsync("/api/libraryfiles", ct))
            .Add<JsonObject>("runScript", MicrosoftDefenderEndpointSchemas.RunScript, (api, p, ct) => api.RunScriptAsync(p, ct))
            .Add<JsonObject>("getActionResults", MicrosoftDefenderEndpointSchemas.Id, (api, p, ct) => api.GetActionResultsAsync(Text(p, "id"), ct))
            .Add<JsonObject>("cancelAction", MicrosoftDefenderEndpointSchemas.Cancel, (api, p, ct) => api.CancelAsync(p, ct));

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Microsoft Defender for Endpoint",
        MinimumLicenseRequired = LicenseLevel.Enterprise,
        SupportedFeatureIds = [ConnectorFeatureIds.EndpointSecurity],
        Config = ConnectorSchema.Create(MicrosoftDefenderEndpointJsonContext.Default.MicrosoftDefenderEndpointConfig, ValidateConfig),
        Secrets = ConnectorSchema.Create(
            MicrosoftDefenderEndpointJsonContext.Default.MicrosoftDefenderEndpointSecrets,
            static (s, _) => FieldRules.MinLength("clientSecret", s.ClientSecret, 1)),
        Params = SubActionEnvelopeSchema.Instance,
    };

    /// <summary>The sub-actions this type registers.</summary>
    internal static IEnumerable<string> SubActionNames => SubActions.Names;

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SubActions.ExecuteAsync(context, new MicrosoftDefenderEndpointApi(context, tokens), context.GetParams<SubActionEnvelope>(), cancellationToken);
    }

    /// <summary>Every field a non-empty string; <c>urlAllowListValidator</c> on <c>oAuthServerUrl</c> and <c>apiUrl</c>.</summary>
    internal static ConnectorValidationError? ValidateConfig(MicrosoftDefenderEndpointConfig config, ConnectorValidationContext context) =>
        FieldRules.MinLength("clientId", config.ClientId, 1)
        ?? FieldRules.MinLength("tenantId", config.TenantId, 1)
        ?? FieldRules.MinLength("oAuthServerUrl", config.OAuthServerUrl, 1)
        ?? FieldRules.MinLength("oAuthScope", config.OAuthScope, 1)
        ?? FieldRules.MinLength("apiUrl", config.ApiUrl, 1)
        ?? Allowed("oAuthServerUrl", config.OAuthServerUrl, context)
        ?? Allowed("apiUrl", config.ApiUrl, context);

    /// <summary>
    /// <c>getResponseErrorMessage</c>: <c>ActiveRequestAlreadyExists</c> gets its own hint; otherwise
    /// <c>Unauthorized API Error (401)</c> / <c>API Error: [&lt;statusText&gt;] &lt;axios message&gt;</c> / the transport's
    /// message, then <c>\nURL called:[&lt;method&gt;] &lt;url&gt;\nResponse body: &lt;JSON&gt;</c>.
    /// </summary>
    internal static string ErrorMessage(SubActionHttpFailure failure, string url)
    {
        if (failure.Data?["error"] is JsonObject error && OAuthBearer.Text(error["code"]) == "ActiveRequestAlreadyExists")
        {
            return $"{OAuthBearer.Text(error["message"]) ?? "undefined"}. Please wait or force clear with 'cancel' response action";
        }

        var message = failure.Status switch
        {
            0 => failure.AxiosMessage,
            401 => "Unauthorized API Error (401)",
            _ => $"API Error: [{failure.StatusText}] {failure.AxiosMessage}",
        };
        var called = failure.Status == 0 ? "[undefined] undefined" : $"[{failure.Method}] {SubActionHttp.NormalizeUrl(url)}";
        return $"{message}\nURL called:{called}\nResponse body: {(failure.Data ?? new JsonObject()).ToJsonString(HttpResults.JsonOptions)}";
    }

    /// <summary>
    /// <c>buildODataUrlParams</c>: <c>$count=true</c>, <c>$top</c>, <c>$skip</c> from page 2 on, <c>$orderby</c> when sorted,
    /// and the filters joined with <c> AND </c> (<c>key eq 'v'</c>, or <c>key in ('a','b')</c> for a list).
    /// </summary>
    internal static JsonObject OData(JsonObject p, long page, long pageSize, string? sortField, string sortDirection)
    {
        var query = new JsonObject { ["$count"] = true };
        if (pageSize != 0)
        {
            query["$top"] = pageSize;
        }

        if (page > 1)
        {
            query["$skip"] = (page * pageSize) - pageSize;
        }

        if (!string.IsNullOrEmpty(sortField))
        {
            query["$orderby"] = $"{sortField} {sortDirection}";
        }

        var filters = p.Where(e => !MicrosoftDefenderEndpointSchemas.NotFilters.Contains(e.Key) && e.Value is not null)
            .Select(e => e.Value is JsonArray values
                ? $"{e.Key} in ({string.Join(',', values.Select(v => $"'{v!.GetValue<string>()}'"))})"
                : $"{e.Key} eq '{e.Value!.GetValue<string>()}'")
            .ToList();
        if (filters.Count > 0)
        {
            query["$filter"] = string.Join(" AND ", filters);
        }

        return query;
    }

    private static ConnectorValidationError? Allowed(string field, string url, ConnectorValidationContext context) =>
        context.Policy.IsUriAllowed(url) ? null : new(field, $"error validating url: {ConnectorPolicy.UriNotAllowedMessage(url)}");

    private static string Text(JsonObject p, string key) => p[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : string.Empty;
}
