using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.Templating;
using Connectors.Templating.Internal;

namespace Connectors.ConnectorTypes.Tines;

/// <summary>
/// <c>.tines</c>: a sub-action connector. <c>stories</c> and <c>webhooks</c> list a tenant's stories and webhook actions
/// (one page of up to 500, with <c>x-user-email</c> / <c>x-user-token</c>); <c>run</c> and <c>test</c> post a body to a
/// webhook without auth headers. When rendered, the <c>run</c> body becomes the JSON of all the variables.
/// </summary>
internal sealed class TinesConnector : IConnectorExecutor
{
    public const string TypeId = ".tines";
    public const int ApiMaxResults = 500;
    private const string WebhookAgentType = "Agents::WebhookAgent";

    private static readonly SubActionSet<ConnectorExecutionContext> SubActions =
        new SubActionSet<ConnectorExecutionContext>(TypeId, "Tines")
            .Add("stories", TinesJsonContext.Default.JsonObject, StoriesAsync)
            .Add("webhooks", TinesJsonContext.Default.TinesWebhooksParams, WebhooksAsync)
            .Add("run", TinesJsonContext.Default.TinesRunParams, RunAsync)
            .Add("test", TinesJsonContext.Default.TinesRunParams, RunAsync);

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Tines",
        MinimumLicenseRequired = LicenseLevel.Gold,
        SupportedFeatureIds = [ConnectorFeatureIds.Siem],
        Config = ConnectorSchema.Create(TinesJsonContext.Default.TinesConfig, ValidateConfig),
        Secrets = ConnectorSchema.Create(TinesJsonContext.Default.TinesSecrets),
        Params = SubActionEnvelopeSchema.Instance,
        RenderParamTemplates = RenderRunBody,
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SubActions.ExecuteAsync(context, context, context.GetParams<SubActionEnvelope>(), cancellationToken);
    }

    /// <summary><c>urlAllowListValidator('url')</c>.</summary>
    internal static ConnectorValidationError? ValidateConfig(TinesConfig config, ConnectorValidationContext context) =>
        context.Policy.IsUriAllowed(config.Url) ? null : new("url", $"error validating url: {ConnectorPolicy.UriNotAllowedMessage(config.Url)}");

    /// <summary>
    /// Kibana's Tines <c>renderParameterTemplates</c>: nothing is rendered; for <c>run</c>, <c>subActionParams.body</c> is
    /// replaced by <c>JSON.stringify(variables)</c> with the <c>kibana</c> key removed from every <c>context.alerts</c> item.
    /// </summary>
    internal static JsonObject RenderRunBody(JsonObject parameters, object variables, Func<string, MustacheEscape, string> render)
    {
        if ((parameters["subAction"] as JsonValue)?.GetValueKind() != JsonValueKind.String || parameters["subAction"]!.GetValue<string>() != "run")
        {
            return parameters;
        }

        string body;
        try
        {
            body = JsJson.Stringify(WithoutAlertKibanaKeys(PlainValues.From(variables, kibana: false, depth: 0)));
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            body = JsJson.Stringify(new Dictionary<string, object?> { ["error"] = new Dictionary<string, object?> { ["message"] = ex.Message } });
        }

        var copy = (JsonObject)parameters.DeepClone();
        var subActionParams = copy["subActionParams"] as JsonObject ?? [];
        subActionParams["body"] = body;
        copy["subActionParams"] = subActionParams;
        return copy;
    }

    private static object? WithoutAlertKibanaKeys(object? variables)
    {
        if (variables is not IReadOnlyDictionary<string, object?> root
            || !root.TryGetValue("context", out var context) || context is not IReadOnlyDictionary<string, object?> contextObject
            || !contextObject.TryGetValue("alerts", out var alerts) || alerts is not IEnumerable<object?> list)
        {
            return variables;
        }

        var trimmed = list.Select(alert => alert is IReadOnlyDictionary<string, object?> a
            ? (object?)a.Where(p => p.Key != "kibana").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
            : alert).ToList();
        var newContext = contextObject.ToDictionary(p => p.Key, p => p.Key == "alerts" ? trimmed : p.Value, StringComparer.Ordinal);
        return root.ToDictionary(p => p.Key, p => p.Key == "context" ? newContext : p.Value, StringComparer.Ordinal);
    }

    private static async ValueTask<JsonNode?> StoriesAsync(ConnectorExecutionContext context, JsonObject p, CancellationToken cancellationToken)
    {
        var data = await ListAsync(context, $"{context.GetConfig<TinesConfig>().Url}/api/v1/stories?per_page={ApiMaxResults}", TinesResponses.ValidateStories, cancellationToken)
            .ConfigureAwait(false);
        var stories = new JsonArray();
        foreach (var story in data["stories"]!.AsArray())
        {
            stories.Add(new JsonObject { ["id"] = story!["id"]!.DeepClone(), ["name"] = story["name"]!.DeepClone(), ["published"] = story["published"]!.DeepClone() });
        }

        return new JsonObject { ["stories"] = stories, ["incompleteResponse"] = IncompleteResponse(data) };
    }

    private static async ValueTask<JsonNode?> WebhooksAsync(ConnectorExecutionContext context, TinesWebhooksParams p, CancellationToken cancellationToken)
    {
        var url = $"{context.GetConfig<TinesConfig>().Url}/api/v1/agents?story_id={p.StoryId.ToString(CultureInfo.InvariantCulture)}&per_page={ApiMaxResults}";
        var data = await ListAsync(context, url, TinesResponses.ValidateAgents, cancellationToken).ConfigureAwait(false);
        var webhooks = new JsonArray();
        foreach (var agent in data["agents"]!.AsArray())
        {
            if (agent!["type"]!.GetValue<string>() != WebhookAgentType)
            {
                continue;
            }

            var options = agent["options"] as JsonObject;
            webhooks.Add(new JsonObject
            {
                ["id"] = agent["id"]!.DeepClone(),
                ["name"] = agent["name"]!.DeepClone(),
                ["path"] = options?["path"]?.DeepClone() ?? string.Empty,
                ["secret"] = options?["secret"]?.DeepClone() ?? string.Empty,
                ["storyId"] = agent["story_id"]!.DeepClone(),
            });
        }

        return new JsonObject { ["webhooks"] = webhooks, ["incompleteResponse"] = IncompleteResponse(data) };
    }

    private static async ValueTask<JsonNode?> RunAsync(ConnectorExecutionContext context, TinesRunParams p, CancellationToken cancellationToken)
    {
        if (p.Webhook is null && string.IsNullOrEmpty(p.WebhookUrl))
        {
            throw new SubActionException("Invalid subActionsParams: [webhook] or [webhookUrl] expected but got none");
        }

        var url = !string.IsNullOrEmpty(p.WebhookUrl)
            ? p.WebhookUrl
            : $"{context.GetConfig<TinesConfig>().Url}/webhook/{p.Webhook!.Path}/{p.Webhook.Secret}";
        return await SubActionHttp.SendAsync(
            context,
            new SubActionRequest(HttpMethod.Post, url, p.Body, []) { UrlCarriesSecret = true, DescribeTransportErrors = true },
            ErrorMessage,
            data => data is JsonObject ? null : $"expected a plain object value, but found [{SubActionHttp.Kind(data)}] instead.",
            cancellationToken,
            ErrorSourceOf).ConfigureAwait(false);
    }

    private static async Task<JsonObject> ListAsync(
        ConnectorExecutionContext context, string url, Func<JsonNode?, string?> validate, CancellationToken cancellationToken)
    {
        var secrets = context.GetSecrets<TinesSecrets>();
        var data = await SubActionHttp.SendAsync(
            context,
            new SubActionRequest(HttpMethod.Get, url, string.Empty, [new("x-user-email", secrets.Email), new("x-user-token", secrets.Token)])
            {
                DescribeTransportErrors = true,
            },
            ErrorMessage,
            validate,
            cancellationToken,
            ErrorSourceOf).ConfigureAwait(false);
        return (JsonObject)data!;
    }

    private static bool IncompleteResponse(JsonObject data) => data["meta"]!["pages"]!.GetValue<double>() > 1;

    /// <summary><c>getResponseErrorMessage</c>: <c>API Error: &lt;statusText&gt;</c>, else axios's <c>error.toString()</c>.</summary>
    private static string ErrorMessage(SubActionHttpFailure failure) =>
        failure.StatusText.Length > 0 ? $"API Error: {failure.StatusText}" : $"AxiosError: {failure.AxiosMessage}";

    /// <summary><c>wrapError</c>: 429 is the user's error, the rest the framework's.</summary>
    private static ErrorSource ErrorSourceOf(int status) => status == 429 ? ErrorSource.User : ErrorSource.Framework;
}
