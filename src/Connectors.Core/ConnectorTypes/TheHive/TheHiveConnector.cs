using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.TheHive;

/// <summary>
/// <c>.thehive</c> (platinum): TheHive v1 API with <c>Authorization: Bearer</c> and <c>X-Organisation</c> —
/// <c>pushToService</c> (a case, created or patched, with comments) and <c>createAlert</c> (body JSON over the params,
/// severity from the rule when <c>isRuleSeverity</c>).
/// </summary>
internal sealed class TheHiveConnector : IConnectorExecutor
{
    public const string TypeId = ".thehive";

    private static readonly SubActionSet<ConnectorExecutionContext> SubActions =
        new SubActionSet<ConnectorExecutionContext>(TypeId, "TheHive")
            .Add("pushToService", TheHiveJsonContext.Default.TheHivePushParams, PushAsync)
            .Add("createAlert", TheHiveJsonContext.Default.TheHiveAlertParams, CreateAlertAsync, ValidateAlert);


    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "TheHive",
        MinimumLicenseRequired = LicenseLevel.Platinum,
        SupportedFeatureIds =
        [
            ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Siem, ConnectorFeatureIds.Uptime, ConnectorFeatureIds.Cases, ConnectorFeatureIds.Workflows,
        ],
        Config = ConnectorSchema.Create(TheHiveJsonContext.Default.TheHiveConfig, static (c, ctx) => ctx.Policy.IsUriAllowed(c.Url)
            ? null
            : new ConnectorValidationError("url", $"error validating url: {ConnectorPolicy.UriNotAllowedMessage(c.Url)}")),
        Secrets = ConnectorSchema.Create(TheHiveJsonContext.Default.TheHiveSecrets),
        Params = SubActionEnvelopeSchema.Instance,
        PrepareParamsForRendering = ApplyRuleSeverity,
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SubActions.ExecuteAsync(context, context, context.GetParams<SubActionEnvelope>(), cancellationToken);
    }

    /// <summary><c>createAlert</c> with <c>isRuleSeverity: true</c>: the severity from the rule (otherwise 2).</summary>
    internal static JsonObject ApplyRuleSeverity(JsonObject parameters, object variables) =>
        RuleSeverityParams.Apply(parameters, variables, "createAlert", fallback: 2);

    private static ConnectorValidationError? ValidateAlert(TheHiveAlertParams p, ConnectorValidationContext context)
    {
        if (p.Body is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(p.Body) is JsonObject ? null : new("body", "[body]: must be a JSON object");
        }
        catch (JsonException ex)
        {
            return new("body", $"[body]: {ex.Message}");
        }
    }

    private static async ValueTask<JsonNode?> PushAsync(ConnectorExecutionContext context, TheHivePushParams p, CancellationToken cancellationToken)
    {
        var baseUrl = BaseUrl(context);
        var incident = JsonSerializer.SerializeToNode(p.Incident, TheHiveJsonContext.Default.TheHiveIncident)!.AsObject();
        incident.Remove("externalId");
        JsonObject result;
        if (p.Incident.ExternalId is { } id)
        {
            await SendAsync(context, HttpMethod.Patch, $"{baseUrl}/api/v1/case/{id}", incident, null, cancellationToken).ConfigureAwait(false);
            result = Summary(context, id, p.Incident.Title, HttpResults.ToIsoString(context.TimeProvider.GetUtcNow()));
        }
        else
        {
            var created = await SendAsync(context, HttpMethod.Post, $"{baseUrl}/api/v1/case", incident, Require("_id", "_createdAt", "title"), cancellationToken)
                .ConfigureAwait(false);
            result = Summary(
                context,
                created!["_id"]!.ToString(),
                created["title"]!.ToString(),
                HttpResults.ToIsoString(DateTimeOffset.FromUnixTimeMilliseconds(created["_createdAt"]!.GetValue<long>())));
        }

        if (p.Comments is { Count: > 0 } comments)
        {
            var pushed = new JsonArray();
            foreach (var comment in comments)
            {
                await SendAsync(
                    context, HttpMethod.Post, $"{baseUrl}/api/v1/case/{result["id"]}/comment", new JsonObject { ["message"] = comment.Comment },
                    Require("_id", "createdAt", "message"), cancellationToken).ConfigureAwait(false);
                pushed.Add(new JsonObject { ["commentId"] = comment.CommentId, ["pushedDate"] = result["pushedDate"]?.DeepClone() });
            }

            result["comments"] = pushed;
        }

        return result;
    }

    private static async ValueTask<JsonNode?> CreateAlertAsync(ConnectorExecutionContext context, TheHiveAlertParams p, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToNode(p with { Body = null }, TheHiveJsonContext.Default.TheHiveAlertParams)!.AsObject();
        body.Remove("body");
        if (p.Body is not null)
        {
            foreach (var (key, value) in JsonNode.Parse(p.Body)!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }

        await SendAsync(context, HttpMethod.Post, $"{BaseUrl(context)}/api/v1/alert", body, Require("_id", "title"), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static string BaseUrl(ConnectorExecutionContext context)
    {
        var url = context.GetConfig<TheHiveConfig>().Url;
        return url.EndsWith('/') ? url[..^1] : url;
    }

    private static JsonObject Summary(ConnectorExecutionContext context, string id, string title, string pushedDate) => new()
    {
        ["id"] = id,
        ["title"] = title,
        ["url"] = $"{BaseUrl(context)}/cases/{id}/details",
        ["pushedDate"] = pushedDate,
    };

    private static Func<JsonNode?, string?> Require(params string[] fields) => data =>
        data is JsonObject o && fields.All(o.ContainsKey) ? null : $"missing one of the required fields: {string.Join(", ", fields)}";

    private static Task<JsonNode?> SendAsync(
        ConnectorExecutionContext context, HttpMethod method, string url, JsonNode body, Func<JsonNode?, string?>? validate, CancellationToken cancellationToken)
    {
        var organisation = context.GetConfig<TheHiveConfig>().Organisation;
        List<KeyValuePair<string, string>> headers = [new("Authorization", $"Bearer {context.GetSecrets<TheHiveSecrets>().ApiKey}")];
        if (organisation is not null)
        {
            headers.Add(new("X-Organisation", organisation));
        }

        return SubActionHttp.SendAsync(context, method, url, body, headers, ErrorMessage, validate, cancellationToken);
    }

    /// <summary><c>API Error: &lt;type&gt; - &lt;message&gt;</c>.</summary>
    private static string ErrorMessage(JsonNode? data, string axiosMessage) =>
        $"API Error: {(data as JsonObject)?["type"]} - {(data as JsonObject)?["message"]}";
}
