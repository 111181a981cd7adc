using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.SentinelOne;

/// <summary>One execution's view of the SentinelOne API (<c>{url}/web/api/v2.1</c>, <c>APIToken</c> on every call).</summary>
internal sealed class SentinelOneApi(ConnectorExecutionContext context)
{
    private const string ApiPath = "/web/api/v2.1";
    private readonly SentinelOneConfig config = context.GetConfig<SentinelOneConfig>();
    private readonly SentinelOneSecrets secrets = context.GetSecrets<SentinelOneSecrets>();

    public ValueTask<JsonNode?> GetAsync(string path, JsonObject query, CancellationToken cancellationToken) =>
        RequestAsync(HttpMethod.Get, path, query, null, cancellationToken);

    /// <summary>
    /// isolateHost / releaseHost: the first agent matching the filter (<c>alertIds</c> left out) must not already be
    /// in the target state; then POST <c>/agents/actions/disconnect</c> (or <c>connect</c>) with <c>{filter: {ids}}</c>.
    /// </summary>
    public async ValueTask<JsonNode?> SetNetworkAsync(JsonObject filter, bool isolate, CancellationToken cancellationToken)
    {
        var query = (JsonObject)filter.DeepClone();
        query.Remove("alertIds");
        var agents = await GetAsync("/agents", query, cancellationToken).ConfigureAwait(false);
        if (agents?["data"] is not JsonArray { Count: > 0 } data)
        {
            throw new SubActionException("No agents found");
        }

        var disconnected = data[0]?["networkStatus"] is JsonValue status && status.GetValueKind() == JsonValueKind.String
            && status.GetValue<string>() == "disconnected";
        if (isolate && disconnected)
        {
            throw new SubActionException("Agent already isolated");
        }

        if (!isolate && !disconnected)
        {
            throw new SubActionException("Agent not isolated");
        }

        var body = new JsonObject { ["filter"] = new JsonObject { ["ids"] = data[0]?["id"]?.DeepClone() } };
        return await RequestAsync(
            HttpMethod.Post, isolate ? "/agents/actions/disconnect" : "/agents/actions/connect", [], body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// executeScript: POST <c>/remote-scripts/execute</c> with <c>{data: {outputDestination: 'SentinelCloud', ...script}, filter}</c>;
    /// the filter must name <c>ids</c> or <c>uuids</c>.
    /// </summary>
    public ValueTask<JsonNode?> ExecuteScriptAsync(JsonObject p, CancellationToken cancellationToken)
    {
        var filter = (JsonObject)p["filter"]!;
        if (filter["ids"] is null && filter["uuids"] is null)
        {
            throw new SubActionException("A filter must be defined; either 'ids' or 'uuids'");
        }

        var data = new JsonObject { ["outputDestination"] = "SentinelCloud" };
        foreach (var (key, value) in (JsonObject)p["script"]!)
        {
            data[key] = value?.DeepClone();
        }

        return RequestAsync(
            HttpMethod.Post, "/remote-scripts/execute", [], new JsonObject { ["data"] = data, ["filter"] = filter.DeepClone() }, cancellationToken);
    }

    /// <summary>fetchAgentFiles: POST <c>/agents/{agentId}/actions/fetch-files</c> with <c>{data: {password: zipPassCode, files}}</c>.</summary>
    public ValueTask<JsonNode?> FetchAgentFilesAsync(JsonObject p, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["data"] = new JsonObject { ["password"] = p["zipPassCode"]!.DeepClone(), ["files"] = p["files"]!.DeepClone() },
        };
        return RequestAsync(HttpMethod.Post, $"/agents/{AgentId(p)}/actions/fetch-files", [], body, cancellationToken);
    }

    /// <summary>downloadAgentFile: GET <c>/agents/{agentId}/uploads/{activityId}</c> (with the token), returned as base64.</summary>
    public async ValueTask<JsonNode?> DownloadAgentFileAsync(JsonObject p, CancellationToken cancellationToken)
    {
        var url = WithToken(Api($"/agents/{AgentId(p)}/uploads/{p["activityId"]!.GetValue<string>()}"), []);
        var download = await SubActionHttp.DownloadAsync(
            context,
            new SubActionRequest(HttpMethod.Get, url, string.Empty, []) { UrlCarriesSecret = true, DescribeTransportErrors = true, HonorRetryAfter = true },
            SentinelOneConnector.ErrorMessage,
            cancellationToken).ConfigureAwait(false);
        return Downloaded(download);
    }

    /// <summary>getRemoteScriptResults: POST <c>/remote-scripts/fetch-files</c> with <c>{data: {taskIds}}</c>.</summary>
    public ValueTask<JsonNode?> GetRemoteScriptResultsAsync(JsonNode taskIds, CancellationToken cancellationToken) =>
        RequestAsync(
            HttpMethod.Post,
            "/remote-scripts/fetch-files",
            [],
            new JsonObject { ["data"] = new JsonObject { ["taskIds"] = taskIds.DeepClone() } },
            cancellationToken);

    /// <summary>
    /// downloadRemoteScriptResults: the task's <c>downloadUrl</c> from <c>fetch-files</c>, then a GET of that URL
    /// without the API token (it is a signed link); returned as base64.
    /// </summary>
    public async ValueTask<JsonNode?> DownloadRemoteScriptResultsAsync(JsonObject p, CancellationToken cancellationToken)
    {
        var taskId = p["taskId"]!.GetValue<string>();
        var results = await GetRemoteScriptResultsAsync(new JsonArray(taskId), cancellationToken).ConfigureAwait(false);
        var fileUrl = string.Empty;
        if (results?["data"]?["download_links"] is JsonArray links)
        {
            foreach (var link in links)
            {
                if (link?["taskId"] is JsonValue id && id.GetValueKind() == JsonValueKind.String && id.GetValue<string>() == taskId
                    && link["downloadUrl"] is JsonValue url && url.GetValueKind() == JsonValueKind.String)
                {
                    fileUrl = url.GetValue<string>();
                    break;
                }
            }
        }

        if (fileUrl.Length == 0)
        {
            throw new SubActionException($"Download URL for script results of task id [{taskId}] not found");
        }

        var download = await SubActionHttp.DownloadAsync(
            context,
            new SubActionRequest(HttpMethod.Get, fileUrl, string.Empty, []) { UrlCarriesSecret = true, DescribeTransportErrors = true, HonorRetryAfter = true },
            SentinelOneConnector.ErrorMessage,
            cancellationToken).ConfigureAwait(false);
        return Downloaded(download);
    }

    /// <summary>A downloaded file as the result's data: <c>{contentType, content: base64}</c>.</summary>
    internal static JsonObject Downloaded(SubActionDownload download) => new()
    {
        ["contentType"] = download.ContentType,
        ["content"] = Convert.ToBase64String(download.Bytes),
    };

    /// <summary><c>sentinelOneApiRequest</c>: the params (nulls dropped) then <c>APIToken</c>; responses are not validated.</summary>
    private async ValueTask<JsonNode?> RequestAsync(
        HttpMethod method, string path, JsonObject query, JsonNode? body, CancellationToken cancellationToken) =>
        await SubActionHttp.SendAsync(
            context,
            new SubActionRequest(method, WithToken(Api(path), query), body?.ToJsonString(HttpResults.JsonOptions) ?? string.Empty, [])
            {
                UrlCarriesSecret = true,
                DescribeTransportErrors = true,
                HonorRetryAfter = true,
            },
            SentinelOneConnector.ErrorMessage,
            null,
            cancellationToken).ConfigureAwait(false);

    private static string AgentId(JsonObject p) =>
        p["agentId"]?.GetValue<string>() is { Length: > 0 } id ? id : throw new SubActionException("'agentId' parameter is required");

    private string Api(string path) => config.Url + ApiPath + path;

    private string WithToken(string url, JsonObject query) =>
        AxiosQuery.Append(url, [.. query.Where(p => p.Key != "APIToken"), new("APIToken", JsonValue.Create(secrets.Token))]);
}
