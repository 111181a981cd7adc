using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.Internal;

namespace Connectors.ConnectorTypes.CrowdStrike;

/// <summary>One execution's view of the CrowdStrike API: the token, the request, the RTR batch session.</summary>
internal sealed class CrowdStrikeApi(ConnectorExecutionContext context, OAuthTokenCache tokens)
{
    private readonly CrowdStrikeConfig config = context.GetConfig<CrowdStrikeConfig>();
    private readonly CrowdStrikeSecrets secrets = context.GetSecrets<CrowdStrikeSecrets>();

    private string TokenKey => OAuthBearer.Key(context.Connector, config.Url, secrets.ClientId, secrets.ClientSecret);

    public ValueTask<JsonNode?> GetAsync(string path, IEnumerable<(string, string)> query, CancellationToken cancellationToken) =>
        RequestAsync(HttpMethod.Get, path, query, null, cancellationToken);

    /// <summary>
    /// <c>executeHostActions</c>: POST <c>devices-actions/v2?action_name=&lt;command&gt;</c> with <c>{ids, action_parameters?}</c>
    /// (<c>alertIds</c> and <c>comment</c> are not sent).
    /// </summary>
    public ValueTask<JsonNode?> HostActionsAsync(JsonObject p, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["ids"] = p["ids"]!.DeepClone() };
        if (p["actionParameters"] is JsonObject parameters)
        {
            body["action_parameters"] = new JsonArray([.. parameters.Select(e => (JsonNode)new JsonObject { ["name"] = e.Key, ["value"] = e.Value?.DeepClone() })]);
        }

        return RequestAsync(
            HttpMethod.Post, "/devices/entities/devices-actions/v2", [("action_name", p["command"]!.GetValue<string>())], body, cancellationToken);
    }

    /// <summary>
    /// An RTR command: a batch session is opened for the hosts (<c>batch-init-session</c>), then the command — only
    /// <c>runscript</c> is supported — runs in it with <c>persist_all: false</c>.
    /// </summary>
    public async ValueTask<JsonNode?> RtrAsync(string path, JsonObject p, CancellationToken cancellationToken)
    {
        var hosts = p["endpoint_ids"]!;
        var session = await RequestAsync(
            HttpMethod.Post,
            "/real-time-response/combined/batch-init-session/v1",
            [],
            new JsonObject { ["host_ids"] = hosts.DeepClone() },
            cancellationToken).ConfigureAwait(false);
        var command = p["command"]!.GetValue<string>();
        var baseCommand = command.Split(' ')[0];
        if (baseCommand != "runscript")
        {
            throw new SubActionException("Command not supported");
        }

        var body = new JsonObject { ["base_command"] = baseCommand, ["command_string"] = command };
        if (session?["batch_id"] is { } batchId)
        {
            body["batch_id"] = batchId.DeepClone();
        }

        body["hosts"] = hosts.DeepClone();
        body["persist_all"] = false;
        return await RequestAsync(HttpMethod.Post, path, [], body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>crowdstrikeApiRequest</c>: bearer token, one re-auth on 401, errors as <c>CrowdstrikeError</c>.</summary>
    private async ValueTask<JsonNode?> RequestAsync(
        HttpMethod method, string path, IEnumerable<(string, string)> query, JsonNode? body, CancellationToken cancellationToken)
    {
        var queryString = CrowdStrikeConnector.Query(query);
        var url = config.Url + path + (queryString.Length > 0 ? "?" + queryString : string.Empty);
        try
        {
            return await OAuthBearer.SendAsync(
                context,
                tokens,
                TokenKey,
                FetchTokenAsync,
                token => SubActionHttp.SendAsync(
                    context,
                    new SubActionRequest(method, url, body?.ToJsonString(HttpResults.JsonOptions) ?? string.Empty, [new("Authorization", $"Bearer {token}")])
                    {
                        DescribeTransportErrors = true,
                HonorRetryAfter = true,
                    },
                    CrowdStrikeConnector.ErrorMessage,
                    null,
                    cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        catch (SubActionException ex)
        {
            throw CrowdStrikeConnector.Rewrap(ex);
        }
    }

    /// <summary>
    /// POST <c>{url}/oauth2/token</c> with <c>Authorization: Basic base64(clientId:clientSecret)</c>, a form content type
    /// and an empty body; the token lives <c>expires_in</c> seconds from the request.
    /// </summary>
    private async Task<OAuthToken> FetchTokenAsync(CancellationToken cancellationToken)
    {
        var start = context.TimeProvider.GetUtcNow();
        var data = await SubActionHttp.SendAsync(
            context,
            new SubActionRequest(
                HttpMethod.Post,
                config.Url + "/oauth2/token",
                string.Empty,
                [
                    new("accept", "application/json"),
                    new("Content-Type", "application/x-www-form-urlencoded"),
                    new("authorization", HttpResults.BasicAuthorization(secrets.ClientId, secrets.ClientSecret)),
                ])
            {
                DescribeTransportErrors = true,
                HonorRetryAfter = true,
                RawBody = true,
            },
            CrowdStrikeConnector.ErrorMessage,
            null,
            cancellationToken).ConfigureAwait(false);
        var token = OAuthBearer.Text(data?["access_token"]);
        if (string.IsNullOrEmpty(token))
        {
            throw new SubActionException("Access token for CrowdStrike not available!");
        }

        return new OAuthToken(token, OAuthBearer.ExpiresAt(start, data!["expires_in"]));
    }
}
