using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.PagerDuty;

/// <summary>
/// <c>.pagerduty</c>: an Events API v2 event (trigger, resolve, acknowledge) posted with the routing key in
/// <c>X-Routing-Key</c> only. Success is HTTP 202 only; 429 and 5xx retry later.
/// </summary>
internal sealed class PagerDutyConnector : IConnectorExecutor
{
    public const string TypeId = ".pagerduty";

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "PagerDuty",
        MinimumLicenseRequired = LicenseLevel.Gold,
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Uptime, ConnectorFeatureIds.Siem, ConnectorFeatureIds.Workflows],
        Config = ConnectorSchema.Create(PagerDutyJsonContext.Default.PagerDutyConfig, PagerDutyValidation.ValidateConfig),
        Secrets = ConnectorSchema.Create(PagerDutyJsonContext.Default.PagerDutySecrets),
        Params = ConnectorSchema.Create(PagerDutyJsonContext.Default.PagerDutyParams, PagerDutyValidation.ValidateParams),
    };

    public async ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.ConnectorId;
        var config = context.GetConfig<PagerDutyConfig>();
        using var request = new HttpRequestMessage(HttpMethod.Post, config.ParsedUrls.Get(PagerDutyValidation.ApiUrl(config, context.Policy)))
        {
            Content = HttpResults.JsonContent(BuildBody(id, context.GetParams<PagerDutyParams>())),
        };
        request.Headers.TryAddWithoutValidation("X-Routing-Key", context.GetSecrets<PagerDutySecrets>().RoutingKey);

        HttpResponseMessage response;
        try
        {
            response = await context.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return ConnectorResult.Error(id, "error posting pagerduty event", HttpResults.MessageOf(ex), errorSource: HttpResults.SourceOf(ex));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status == 202)
            {
                var text = await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false);
                return ConnectorResult.Ok(id, HttpResults.ParseBody(text));
            }

            return status == 429 || status >= 500
                ? ConnectorResult.Error(id, $"error posting pagerduty event: http status {status}, retry later", retry: RetryHint.Later)
                : ConnectorResult.Error(id, $"error posting pagerduty event: unexpected status {status}");
        }
    }

    /// <summary><c>getBodyForEventAction</c>: the event, with a payload and links only for a trigger.</summary>
    internal static JsonObject BuildBody(string connectorId, PagerDutyParams p)
    {
        var eventAction = p.EventAction ?? PagerDutyEventAction.Trigger;
        var body = new JsonObject
        {
            ["event_action"] = eventAction switch
            {
                PagerDutyEventAction.Resolve => "resolve",
                PagerDutyEventAction.Acknowledge => "acknowledge",
                _ => "trigger",
            },
        };
        if (!string.IsNullOrEmpty(p.DedupKey))
        {
            body["dedup_key"] = p.DedupKey;
        }

        if (eventAction != PagerDutyEventAction.Trigger)
        {
            return body;
        }

        var payload = new JsonObject
        {
            ["summary"] = string.IsNullOrEmpty(p.Summary) ? "No summary provided." : p.Summary,
            ["source"] = string.IsNullOrEmpty(p.Source) ? $"Kibana Action {connectorId}" : p.Source,
            ["severity"] = p.Severity switch
            {
                PagerDutySeverity.Critical => "critical",
                PagerDutySeverity.Error => "error",
                PagerDutySeverity.Warning => "warning",
                _ => "info",
            },
        };
        if (p.Timestamp is { } timestamp && PagerDutyValidation.ConvertTimestamp(timestamp) is { } converted
            && PagerDutyValidation.ToMoment(converted) is { } at)
        {
            payload["timestamp"] = HttpResults.ToIsoString(at);
        }

        AddIfDefined(payload, "component", p.Component);
        AddIfDefined(payload, "group", p.Group);
        AddIfDefined(payload, "class", p.Class);
        if (p.CustomDetails is { } details && IsTruthy(details))
        {
            payload["custom_details"] = PagerDutyValidation.CustomDetails(details);
        }

        body["payload"] = payload;
        if (p.Links is { } links)
        {
            body["links"] = new JsonArray([.. links.Select(l => (JsonNode)new JsonObject { ["href"] = l.Href, ["text"] = l.Text })]);
        }

        return body;
    }

    private static void AddIfDefined(JsonObject payload, string name, string? value)
    {
        if (value is not null)
        {
            payload[name] = value;
        }
    }

    private static bool IsTruthy(JsonNode node) =>
        node is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String || v.GetValue<string>().Length > 0;
}
