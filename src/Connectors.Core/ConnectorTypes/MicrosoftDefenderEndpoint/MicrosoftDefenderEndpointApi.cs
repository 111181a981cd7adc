using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.ConnectorTypes.SentinelOne;
using Connectors.Internal;

namespace Connectors.ConnectorTypes.MicrosoftDefenderEndpoint;

/// <summary>One execution's view of the Defender API (<c>fetchFromMicrosoft</c>) and of the Entra ID token.</summary>
internal sealed class MicrosoftDefenderEndpointApi(ConnectorExecutionContext context, OAuthTokenCache tokens)
{
    private const string TestId = "elastic-connector-test";
    private readonly MicrosoftDefenderEndpointConfig config = context.GetConfig<MicrosoftDefenderEndpointConfig>();
    private readonly MicrosoftDefenderEndpointSecrets secrets = context.GetSecrets<MicrosoftDefenderEndpointSecrets>();

    private string TokenKey => OAuthBearer.Key(
        context.Connector, config.OAuthServerUrl, config.TenantId, config.ClientId, config.OAuthScope, secrets.ClientSecret);

    public ValueTask<JsonNode?> GetAsync(string path, CancellationToken cancellationToken) =>
        FetchAsync(HttpMethod.Get, path, null, null, cancellationToken);

    /// <summary>getAgentDetails: GET <c>/api/machines/{id}</c>.</summary>
    public ValueTask<JsonNode?> GetAgentDetailsAsync(string id, CancellationToken cancellationToken) =>
        GetAsync($"/api/machines/{id}", cancellationToken);

    /// <summary>isolateHost: POST <c>/api/machines/{id}/isolate</c> with <c>{Comment, IsolationType: 'Full'}</c>.</summary>
    public ValueTask<JsonNode?> IsolateAsync(string id, string comment, CancellationToken cancellationToken) =>
        FetchAsync(HttpMethod.Post, $"/api/machines/{id}/isolate", null, new JsonObject { ["Comment"] = comment, ["IsolationType"] = "Full" }, cancellationToken);

    /// <summary>releaseHost: POST <c>/api/machines/{id}/unisolate</c> with <c>{Comment}</c>.</summary>
    public ValueTask<JsonNode?> ReleaseAsync(string id, string comment, CancellationToken cancellationToken) =>
        FetchAsync(HttpMethod.Post, $"/api/machines/{id}/unisolate", null, new JsonObject { ["Comment"] = comment }, cancellationToken);

    /// <summary>
    /// getAgentList / getActions: one OData page (<c>page</c> 1 and <c>pageSize</c> 20 by default), returned as
    /// <c>{...response, page, pageSize, total: @odata.count ?? -1}</c>.
    /// </summary>
    public async ValueTask<JsonNode?> ListAsync(string path, JsonObject p, CancellationToken cancellationToken)
    {
        var page = Number(p["page"]) ?? 1;
        var pageSize = Number(p["pageSize"]) ?? 20;
        var sortField = p["sortField"]?.GetValue<string>();
        var sortDirection = p["sortDirection"]?.GetValue<string>() ?? "desc";
        var response = await FetchAsync(
            HttpMethod.Get, path, MicrosoftDefenderEndpointConnector.OData(p, page, pageSize, sortField, sortDirection), null, cancellationToken)
            .ConfigureAwait(false);
        var result = response is JsonObject o ? (JsonObject)o.DeepClone() : [];
        result["page"] = page;
        result["pageSize"] = pageSize;
        result["total"] = response?["@odata.count"]?.DeepClone() ?? -1;
        return result;
    }

    /// <summary>
    /// runScript: POST <c>/api/machines/{id}/runliveresponse</c> with one <c>RunScript</c> command
    /// (<c>ScriptName</c>, <c>Args</c> or <c>--noargs</c>).
    /// </summary>
    public ValueTask<JsonNode?> RunScriptAsync(JsonObject p, CancellationToken cancellationToken)
    {
        var parameters = (JsonObject)p["parameters"]!;
        var body = new JsonObject();
        if (p["comment"] is { } comment)
        {
            body["Comment"] = comment.DeepClone();
        }

        body["Commands"] = new JsonArray(new JsonObject
        {
            ["type"] = "RunScript",
            ["params"] = new JsonArray(
                new JsonObject { ["key"] = "ScriptName", ["value"] = parameters["scriptName"]!.DeepClone() },
                new JsonObject { ["key"] = "Args", ["value"] = parameters["args"]?.GetValue<string>() is { Length: > 0 } args ? args : "--noargs" }),
        });
        return FetchAsync(HttpMethod.Post, $"/api/machines/{p["id"]!.GetValue<string>()}/runliveresponse", null, body, cancellationToken);
    }

    /// <summary>cancelAction: POST <c>/api/machineactions/{actionId}/cancel</c> with <c>{Comment}</c>.</summary>
    public ValueTask<JsonNode?> CancelAsync(JsonObject p, CancellationToken cancellationToken)
    {
        var comment = p["comment"]?.GetValue<string>() is { Length: > 0 } c ? c : "Test comment";
        return FetchAsync(
            HttpMethod.Post, $"/api/machineactions/{p["actionId"]!.GetValue<string>()}/cancel", null, new JsonObject { ["Comment"] = comment }, cancellationToken);
    }

    /// <summary>
    /// getActionResults: the first live-response result's download link, then a GET of that (signed) link without
    /// the bearer token; the file comes back as base64.
    /// </summary>
    public async ValueTask<JsonNode?> GetActionResultsAsync(string id, CancellationToken cancellationToken)
    {
        var link = await GetAsync($"/api/machineactions/{id}/GetLiveResponseResultDownloadLink(index=0)", cancellationToken).ConfigureAwait(false);
        var fileUrl = OAuthBearer.Text(link?["value"]);
        if (string.IsNullOrEmpty(fileUrl))
        {
            throw new SubActionException($"Download URL for script results of machineId [{id}] not found");
        }

        var download = await SubActionHttp.DownloadAsync(
            context,
            new SubActionRequest(HttpMethod.Get, fileUrl, string.Empty, []) { UrlCarriesSecret = true, DescribeTransportErrors = true, HonorRetryAfter = true },
            failure => MicrosoftDefenderEndpointConnector.ErrorMessage(failure, fileUrl),
            cancellationToken).ConfigureAwait(false);
        return SentinelOneApi.Downloaded(download);
    }

    /// <summary>
    /// testConnector: machine details, isolate, release, machine actions (one) and run script against the machine
    /// id <c>elastic-connector-test</c>; an answer with the error code <c>ResourceNotFound</c> counts as success
    /// (Kibana looks for the word anywhere in the error's text).
    /// </summary>
    public async ValueTask<JsonNode?> TestAsync(CancellationToken cancellationToken)
    {
        var results = new JsonArray();
        await Probe(() => GetAgentDetailsAsync(TestId, cancellationToken), "API call to Machines API was successful").ConfigureAwait(false);
        await Probe(() => IsolateAsync(TestId, "connector test", cancellationToken), "API call to Machine Isolate was successful").ConfigureAwait(false);
        await Probe(() => ReleaseAsync(TestId, "connector test", cancellationToken), "API call to Machine Release was successful").ConfigureAwait(false);
        await Probe(() => ListAsync("/api/machineactions", new JsonObject { ["pageSize"] = 1 }, cancellationToken), "API call to Machine Actions was successful")
            .ConfigureAwait(false);
        await Probe(
            () => RunScriptAsync(
                new JsonObject { ["id"] = TestId, ["comment"] = "connector test", ["parameters"] = new JsonObject { ["scriptName"] = "test" } },
                cancellationToken),
            "API call to Machine RunScript was successful").ConfigureAwait(false);
        return new JsonObject { ["results"] = results };

        async Task Probe(Func<ValueTask<JsonNode?>> call, string success)
        {
            try
            {
                await call().ConfigureAwait(false);
            }
            catch (SubActionException ex) when (OAuthBearer.Text(ex.Body?["error"]?["code"]) == "ResourceNotFound")
            {
            }

            results.Add(success);
        }
    }

    private static long? Number(JsonNode? node) =>
        node is null ? null : (long)double.Parse(node.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>fetchFromMicrosoft</c>: the bearer token (and nothing else), one new token and retry on a 401.</summary>
    private async ValueTask<JsonNode?> FetchAsync(HttpMethod method, string path, JsonObject? query, JsonNode? body, CancellationToken cancellationToken)
    {
        var url = config.ApiUrl + path;
        var full = query is null ? url : AxiosQuery.Append(url, query);
        return await OAuthBearer.SendAsync(
            context,
            tokens,
            TokenKey,
            FetchTokenAsync,
            token => SubActionHttp.SendAsync(
                context,
                new SubActionRequest(method, full, body?.ToJsonString(HttpResults.JsonOptions) ?? string.Empty, [new("Authorization", $"Bearer {token}")])
                {
                    DescribeTransportErrors = true,
                HonorRetryAfter = true,
                },
                failure => MicrosoftDefenderEndpointConnector.ErrorMessage(failure, url),
                null,
                cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The Entra ID client-credentials token: POST <c>{oAuthServerUrl origin}/{tenantId}/oauth2/v2.0/token</c> with the
    /// form <c>grant_type, client_id, scope, client_secret</c>; it lives <c>expires_in</c> seconds from the request.
    /// </summary>
    private async Task<OAuthToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        string tokenUrl;
        try
        {
            tokenUrl = new UriBuilder(config.OAuthServerUrl) { Path = $"/{config.TenantId}/oauth2/v2.0/token" }.Uri.AbsoluteUri;
        }
        catch (UriFormatException)
        {
            throw new SubActionException("Invalid URL", ErrorSource.User);
        }

        var start = context.TimeProvider.GetUtcNow();
        var form = AxiosQuery.Form(
            ("grant_type", "client_credentials"), ("client_id", config.ClientId), ("scope", config.OAuthScope), ("client_secret", secrets.ClientSecret));
        var data = await SubActionHttp.SendAsync(
            context,
            new SubActionRequest(HttpMethod.Post, tokenUrl, form, [new("Content-Type", "application/x-www-form-urlencoded")])
            {
                DescribeTransportErrors = true,
                HonorRetryAfter = true,
                RawBody = true,
            },
            failure => MicrosoftDefenderEndpointConnector.ErrorMessage(failure, tokenUrl),
            null,
            cancellationToken).ConfigureAwait(false);
        var token = OAuthBearer.Text(data?["access_token"]);
        if (string.IsNullOrEmpty(token))
        {
            throw new SubActionException("Access token for Microsoft Defend for Endpoint not available!");
        }

        return new OAuthToken(token, OAuthBearer.ExpiresAt(start, data!["expires_in"]));
    }
}
