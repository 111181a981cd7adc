using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.Templating;

namespace Connectors.ConnectorTypes.SlackApi;

/// <summary>
/// <c>.slack_api</c>: Slack's Web API with a bot token — <c>postMessage</c> (text, Slack escape),
/// <c>postBlockkit</c> (Block Kit JSON, JSON escape) and <c>validChannelId</c>, restricted to <c>allowedChannels</c>.
/// HTTP 200 with <c>ok:false</c> is an error carrying Slack's code.
/// </summary>
internal sealed class SlackApiConnector : IConnectorExecutor
{
    public const string TypeId = ".slack_api";
    private const string PostMessage = "postMessage";
    private const string PostBlockkit = "postBlockkit";
    private const string ValidChannelId = "validChannelId";
    private const string ErrorPosting = "error posting slack message";

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Slack API",
        MinimumLicenseRequired = LicenseLevel.Gold,
        SupportedFeatureIds = [ConnectorFeatureIds.Uptime, ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Siem],
        Config = ConnectorSchema.Create(SlackApiJsonContext.Default.SlackApiConfig, SlackApiValidation.ValidateConfig),
        Secrets = ConnectorSchema.Create(SlackApiJsonContext.Default.SlackApiSecrets, SlackApiValidation.ValidateSecrets),
        Params = new SubActionUnionSchema(new Dictionary<string, ConnectorSchema>(StringComparer.Ordinal)
        {
            [ValidChannelId] = ConnectorSchema.Create(SlackApiJsonContext.Default.SlackValidChannelIdParams),
            [PostMessage] = ConnectorSchema.Create(SlackApiJsonContext.Default.SlackPostParams, SlackApiValidation.ValidatePostMessage),
            [PostBlockkit] = ConnectorSchema.Create(SlackApiJsonContext.Default.SlackPostParams, SlackApiValidation.ValidatePostBlockkit),
        }),
        ParamEscapeSelector = static (parameters, path) => path != "subActionParams.text"
            ? null
            : (parameters["subAction"] as JsonValue)?.GetValue<string>() switch
            {
                PostMessage => MustacheEscape.Slack,
                PostBlockkit => MustacheEscape.Json,
                _ => null,
            },
    };

    public async ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.ConnectorId;
        var call = context.GetParams<SubActionCall>();
        if (call.Params is SlackPostParams { ChannelNames: { } names } && names.TrueForAll(n => !n.StartsWith('#')))
        {
            return ExecutorResults.Thrown(id, "[Action][ExternalService] -> [Slack API] Unsupported channel name. Must start with #", ErrorSource.Framework);
        }

        var baseUrl = SlackApiValidation.BaseUrl(context.Policy);
        var token = context.GetSecrets<SlackApiSecrets>().Token;
        HttpRequestMessage request;
        if (call.Params is SlackValidChannelIdParams valid)
        {
            if (valid.ChannelId is null)
            {
                return ConnectorResult.Error(id, ErrorPosting, "Cannot read properties of undefined (reading 'length')");
            }

            if (valid.ChannelId.Length == 0)
            {
                return ConnectorResult.Error(id, ErrorPosting, "The channel id is empty");
            }

            request = new HttpRequestMessage(HttpMethod.Get, $"{baseUrl}conversations.info?channel={valid.ChannelId}");
        }
        else
        {
            var post = (SlackPostParams)call.Params;
            string channel;
            try
            {
                channel = ChannelToUse(post, context.GetConfig<SlackApiConfig>().AllowedChannels);
            }
            catch (SubActionException ex)
            {
                return ConnectorResult.Error(id, ErrorPosting, ex.Message);
            }

            var body = new JsonObject { ["channel"] = channel };
            if (call.SubAction == PostBlockkit)
            {
                body["blocks"] = JsonNode.Parse(post.Text)!["blocks"]?.DeepClone();
            }
            else
            {
                body["text"] = post.Text;
            }

            request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}chat.postMessage")
            {
                Content = HttpResults.JsonContent(body, "application/json; charset=UTF-8"),
            };
        }

        using (request)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
            return await SendAsync(context, request, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<ConnectorResult> SendAsync(ConnectorExecutionContext context, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var id = context.ConnectorId;
        HttpResponseMessage response;
        try
        {
            response = await context.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return ConnectorResult.Error(id, ErrorPosting, HttpResults.MessageOf(ex), errorSource: HttpResults.SourceOf(ex));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                if (status >= 500)
                {
                    return ConnectorResult.Error(id, "error posting a slack message, retry later", retry: RetryHint.Later);
                }

                if (status == 429)
                {
                    return HttpResults.RetryAt(response, context.TimeProvider) is { } at
                        ? ConnectorResult.Error(id, $"error posting a slack message, retry at {HttpResults.ToIsoString(at)}",
                            $"Request failed with status code {status}", RetryHint.At(at), ErrorSource.User)
                        : ConnectorResult.Error(id, "error posting a slack message, retry later", retry: RetryHint.Later, errorSource: ErrorSource.User);
                }

                return ConnectorResult.Error(
                    id,
                    $"unexpected http response from slack: {HttpResults.StatusLine(response)}",
                    errorSource: HttpResults.IsUserErrorStatus(status) ? ErrorSource.User : ErrorSource.Framework);
            }

            var data = HttpResults.ParseBody(await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false));
            if (data is null)
            {
                return ConnectorResult.Error(id, "unexpected null response from slack");
            }

            if (data is not JsonObject obj || !IsTruthy(obj["ok"]))
            {
                var error = (data as JsonObject)?["error"];
                return ConnectorResult.Error(
                    id,
                    ErrorPosting,
                    error is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : error?.ToJsonString(HttpResults.JsonOptions));
            }

            return ConnectorResult.Ok(id, data);
        }
    }

    /// <summary>The channel to post to: names, then ids (both checked against the allowed channels), then the deprecated <c>channels</c>.</summary>
    internal static string ChannelToUse(SlackPostParams p, IReadOnlyList<SlackAllowedChannel>? allowed)
    {
        List<string> names = p.ChannelNames ?? [], ids = p.ChannelIds ?? [], channels = p.Channels ?? [];
        if (names.Count == 0 && ids.Count == 0 && channels.Count == 0)
        {
            throw new SubActionException("One of channels, channelIds, or channelNames is required and cannot be empty");
        }

        if (names.Count > 0)
        {
            EnsureAllowed(names, allowed?.Select(a => a.Name).ToList());
            return names[0];
        }

        if (ids.Count > 0)
        {
            EnsureAllowed(ids, allowed?.Where(a => a.Id is not null).Select(a => a.Id!).ToList());
            return ids[0];
        }

        return channels[0];
    }

    private static void EnsureAllowed(List<string> channels, List<string>? allowedList)
    {
        if (allowedList is not { Count: > 0 })
        {
            return;
        }

        static string Normalize(string name) => name.StartsWith('#') ? name[1..] : name;
        if (channels.Exists(c => !allowedList.Exists(a => Normalize(a) == Normalize(c))))
        {
            throw new SubActionException("One or more provided channels are not included in the allowed channels list");
        }
    }

    private static bool IsTruthy(JsonNode? node) => node switch
    {
        null => false,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            JsonValueKind.Number => v.GetValue<double>() != 0,
            _ => true,
        },
        _ => true,
    };
}
