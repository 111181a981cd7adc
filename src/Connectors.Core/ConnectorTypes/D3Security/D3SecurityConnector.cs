using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.Templating;
using Connectors.Templating.Internal;

namespace Connectors.ConnectorTypes.D3Security;

/// <summary>
/// <c>.d3security</c>: a sub-action connector (<c>run</c>, <c>test</c>) posting the rendered body (JSON escape) wrapped as
/// <c>{"hits":{"hits":{"_source":{"rawData":…,"event.type":…,"kibana.alert.severity":…}}}}</c> with <c>d3key</c>.
/// </summary>
internal sealed class D3SecurityConnector : IConnectorExecutor
{
    public const string TypeId = ".d3security";

    private static readonly SubActionSet<ConnectorExecutionContext> SubActions =
        new SubActionSet<ConnectorExecutionContext>(TypeId, "D3 Security")
            .Add("run", D3SecurityJsonContext.Default.D3SecurityRunParams, RunAsync)
            .Add("test", D3SecurityJsonContext.Default.D3SecurityRunParams, RunAsync);

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "D3 Security",
        MinimumLicenseRequired = LicenseLevel.Gold,
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Siem, ConnectorFeatureIds.Workflows, ConnectorFeatureIds.AgentBuilder],
        Config = ConnectorSchema.Create(D3SecurityJsonContext.Default.D3SecurityConfig, ValidateConfig),
        Secrets = ConnectorSchema.Create(D3SecurityJsonContext.Default.D3SecuritySecrets),
        Params = SubActionEnvelopeSchema.Instance,
        RenderParamTemplates = RenderBody,
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SubActions.ExecuteAsync(context, context, context.GetParams<SubActionEnvelope>(), cancellationToken);
    }

    /// <summary><c>urlAllowListValidator('url')</c>.</summary>
    internal static ConnectorValidationError? ValidateConfig(D3SecurityConfig config, ConnectorValidationContext context) =>
        context.Policy.IsUriAllowed(config.Url) ? null : new("url", $"error validating url: {ConnectorPolicy.UriNotAllowedMessage(config.Url)}");

    /// <summary>Kibana's D3 <c>renderParameterTemplates</c>: for run and test only <c>body</c>, with the JSON escape.</summary>
    internal static JsonObject RenderBody(JsonObject parameters, object variables, Func<string, MustacheEscape, string> render)
    {
        var subAction = (parameters["subAction"] as JsonValue)?.GetValueKind() == JsonValueKind.String ? parameters["subAction"]!.GetValue<string>() : null;
        if (subAction is not ("run" or "test") || parameters["subActionParams"] is not JsonObject subActionParams)
        {
            return parameters;
        }

        var copy = (JsonObject)parameters.DeepClone();
        if (subActionParams["body"] is JsonValue body && body.GetValueKind() == JsonValueKind.String)
        {
            copy["subActionParams"]!["body"] = render(body.GetValue<string>(), MustacheEscape.Json);
        }

        return copy;
    }

    /// <summary><c>addSeverityAndEventTypeInBody</c>: the body parsed when it is JSON (else kept as a string), wrapped.</summary>
    internal static string BuildBody(string body, string severity, string eventType)
    {
        object? rawData = body;
        try
        {
            using var document = JsonDocument.Parse(body);
            rawData = PlainValues.From(document.RootElement, kibana: false, depth: 0);
        }
        catch (JsonException)
        {
            // Not JSON: sent as the string it is.
        }

        var source = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["rawData"] = rawData,
            ["event.type"] = eventType,
            ["kibana.alert.severity"] = severity,
        };
        var hits = new Dictionary<string, object?> { ["hits"] = new Dictionary<string, object?> { ["hits"] = new Dictionary<string, object?> { ["_source"] = source } } };
        return JsJson.Stringify(hits);
    }

    private static async ValueTask<JsonNode?> RunAsync(ConnectorExecutionContext context, D3SecurityRunParams p, CancellationToken cancellationToken) =>
        await SubActionHttp.SendAsync(
            context,
            new SubActionRequest(
                HttpMethod.Post,
                context.GetConfig<D3SecurityConfig>().Url,
                BuildBody(p.Body ?? string.Empty, p.Severity ?? string.Empty, p.EventType ?? string.Empty),
                [new("d3key", context.GetSecrets<D3SecuritySecrets>().Token)]) { DescribeTransportErrors = true },
            failure => failure.Status switch
            {
                0 => "Unknown API Error",
                401 => "Unauthorized API Error",
                _ => $"API Error: {failure.Status} - {failure.StatusText}",
            },
            ValidateResponse,
            cancellationToken).ConfigureAwait(false);

    /// <summary>The response schema <c>{refid: string}</c> (other keys ignored).</summary>
    internal static string? ValidateResponse(JsonNode? data) => data switch
    {
        JsonObject obj when obj["refid"] is JsonValue v && v.GetValueKind() == JsonValueKind.String => null,
        JsonObject obj => $"[refid]: expected value of type [string] but got [{SubActionHttp.Kind(obj["refid"])}]",
        _ => $"expected a plain object value, but found [{SubActionHttp.Kind(data)}] instead.",
    };

}
