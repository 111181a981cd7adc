using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.Templating;
using Microsoft.Extensions.Logging;

namespace Connectors.ConnectorTypes.Opsgenie;

/// <summary>
/// <c>.opsgenie</c> (platinum): a sub-action connector — <c>createAlert</c> (message cut to 130 characters, an alias
/// over 512 characters replaced by <c>sha-&lt;sha256&gt;</c>) and <c>closeAlert</c> by alias — authenticated with
/// <c>Authorization: GenieKey &lt;apiKey&gt;</c>. Failures are what Kibana makes of a thrown error.
/// </summary>
internal sealed partial class OpsgenieConnector : IConnectorExecutor
{
    public const string TypeId = ".opsgenie";
    public const string RuleTagsTemplate = "{{rule.tags}}";

    private static readonly SubActionSet<ConnectorExecutionContext> SubActions =
        new SubActionSet<ConnectorExecutionContext>(TypeId, "Opsgenie")
            .Add("createAlert", OpsgenieJsonContext.Default.OpsgenieCreateAlertParams, CreateAlertAsync, OpsgenieValidation.ValidateCreateAlert)
            .Add("closeAlert", OpsgenieJsonContext.Default.OpsgenieCloseAlertParams, CloseAlertAsync, OpsgenieValidation.ValidateCloseAlert);

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Opsgenie",
        MinimumLicenseRequired = LicenseLevel.Platinum,
        SupportedFeatureIds =
        [
            ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Uptime, ConnectorFeatureIds.Siem,
            ConnectorFeatureIds.Workflows, ConnectorFeatureIds.AgentBuilder,
        ],
        Config = ConnectorSchema.Create(OpsgenieJsonContext.Default.OpsgenieConfig, OpsgenieValidation.ValidateConfig),
        Secrets = ConnectorSchema.Create(OpsgenieJsonContext.Default.OpsgenieSecrets),
        Params = SubActionEnvelopeSchema.Instance,
        PrepareParamsForRendering = ExpandRuleTags,
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SubActions.ExecuteAsync(context, context, context.GetParams<SubActionEnvelope>(), cancellationToken);
    }

    /// <summary>
    /// Kibana's Opsgenie <c>renderParameterTemplates</c>: in <c>createAlert</c>, a <c>{{rule.tags}}</c> tag is removed and
    /// the rule's (string) tags are appended; then everything is rendered as usual.
    /// </summary>
    internal static JsonObject ExpandRuleTags(JsonObject parameters, object variables)
    {
        if ((parameters["subAction"] as JsonValue)?.GetValueKind() != JsonValueKind.String
            || parameters["subAction"]!.GetValue<string>() != "createAlert"
            || parameters["subActionParams"]?["tags"] is not JsonArray tags
            || !tags.Any(t => t is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == RuleTagsTemplate))
        {
            return parameters;
        }

        var copy = (JsonObject)parameters.DeepClone();
        var expanded = new JsonArray();
        foreach (var tag in tags)
        {
            if (!(tag is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == RuleTagsTemplate))
            {
                expanded.Add(tag?.DeepClone());
            }
        }

        foreach (var ruleTag in RuleTags(variables))
        {
            expanded.Add(ruleTag);
        }

        copy["subActionParams"]!["tags"] = expanded;
        return copy;
    }

    private static IEnumerable<string> RuleTags(object variables)
    {
        var json = RuleTagsJson.Render(variables, new MustacheRenderOptions { Escape = MustacheEscape.None, KibanaCompatible = true });
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(json) is JsonArray array
                ? [.. array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static readonly MustacheTemplate RuleTagsJson = MustacheTemplate.Parse("{{#rule.tags.asJSON}}{{{rule.tags.asJSON}}}{{/rule.tags.asJSON}}");

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
            context,
            Url(context, "v2/alerts"),
            JsonSerializer.SerializeToNode(body, OpsgenieJsonContext.Default.OpsgenieCreateAlertParams),
            cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<JsonNode?> CloseAlertAsync(
        ConnectorExecutionContext context, OpsgenieCloseAlertParams p, CancellationToken cancellationToken)
    {
        var url = Url(context, $"v2/alerts/{OpsgenieValidation.CreateAlias(p.Alias)}/close") + "?identifierType=alias";
        var body = JsonSerializer.SerializeToNode(p, OpsgenieJsonContext.Default.OpsgenieCloseAlertParams)!.AsObject();
        body.Remove("alias");
        return await SendAsync(context, url, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>new URL(path, apiUrl)</c>: relative resolution against the configured base.</summary>
    private static string Url(ConnectorExecutionContext context, string path) =>
        new Uri(new Uri(OpsgenieValidation.ApiUrl(context.GetConfig<OpsgenieConfig>(), context.Policy)), path).AbsoluteUri;

    private static Task<JsonNode?> SendAsync(ConnectorExecutionContext context, string url, JsonNode? body, CancellationToken cancellationToken) =>
        SubActionHttp.SendAsync(
            context,
            HttpMethod.Post,
            url,
            body,
            [new("Authorization", $"GenieKey {context.GetSecrets<OpsgenieSecrets>().ApiKey}")],
            ResponseErrorMessage,
            OpsgenieValidation.ValidateResponse,
            cancellationToken);

    /// <summary><c>getResponseErrorMessage</c>: the response's <c>message</c> (else axios's), then <c>: &lt;errors as JSON&gt;</c>.</summary>
    internal static string ResponseErrorMessage(JsonNode? data, string axiosMessage)
    {
        var main = (data as JsonObject)?["message"] is JsonNode m
            ? m is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : m.ToJsonString(HttpResults.JsonOptions)
            : axiosMessage;
        return (data as JsonObject)?["errors"] is JsonNode errors
            ? $"{main}: {errors.ToJsonString(HttpResults.JsonOptions)}"
            : main;
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "connector \"{ConnectorId}\" message length {Length} exceeds {Max} and has been truncated")]
    private static partial void MessageTruncated(ILogger logger, string connectorId, int length, int max);
}
