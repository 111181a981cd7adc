using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.Internal;

namespace Connectors.ConnectorTypes.PagerDuty;

/// <summary>
/// <c>.pagerduty</c>: an Events API v2 event (trigger, resolve, acknowledge) posted with the routing key in
/// <c>X-Routing-Key</c> only. Success is HTTP 202 only; 429 and 5xx retry later.
/// </summary>
internal sealed class PagerDutyConnector : IConnectorExecutor, IHttpExchangeExecutor
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
        Params = ConnectorSchema.Create(PagerDutyJsonContext.Default.PagerDutyParams, PagerDutyValidation.ValidateParams, PagerDutyParams.BindUsual),
    };

    // The pipeline runs this type's execute itself, as one exchange (IHttpExchangeExecutor); called directly, the
    // executor runs the same steps.
    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken) =>
        HttpExchange.RunAsync(this, context, cancellationToken);

    /// <summary>The event, posted with the routing key in <c>X-Routing-Key</c>.</summary>
    public HttpRequestMessage CreateRequest(ConnectorExecutionContext context)
    {
        var id = context.ConnectorId;
        var config = context.GetConfig<PagerDutyConfig>();
        var request = new ConnectorHttpRequest(HttpMethod.Post, config.ParsedUrls.Get(PagerDutyValidation.ApiUrl(config, context.Policy)))
        {
            Content = HttpResults.JsonContent(Body(id, context.GetParams<PagerDutyParams>())),
        };
        request.Headers.TryAddWithoutValidation("X-Routing-Key", context.GetSecrets<PagerDutySecrets>().RoutingKey);
        return request;
    }

    public ConnectorResult Failed(ConnectorExecutionContext context, HttpRequestException exception) =>
        ConnectorResult.Error(context.ConnectorId, "error posting pagerduty event", HttpResults.MessageOf(exception), errorSource: HttpResults.SourceOf(exception));

    public ValueTask<ConnectorResult> InterpretAsync(ConnectorExecutionContext context, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var id = context.ConnectorId;
        var status = (int)response.StatusCode;
        if (status == 202)
        {
            // The answer ({"status":"success","dedup_key":...}) is parsed when the result's data is first read.
            return HttpResults.OkWithBodyAsync(id, response, cancellationToken);
        }

        return ValueTask.FromResult(status == 429 || status >= 500
            ? ConnectorResult.Error(id, $"error posting pagerduty event: http status {status}, retry later", retry: RetryHint.Later)
            : ConnectorResult.Error(id, $"error posting pagerduty event: unexpected status {status}"));
    }

    /// <summary>
    /// The event as UTF-8 JSON: straight into an array when no value needs escaping (the usual event), otherwise through
    /// a <see cref="Utf8JsonWriter"/>; the same bytes either way.
    /// </summary>
    internal static byte[] Body(string connectorId, PagerDutyParams p)
    {
        // Custom details are a node, which only the JSON writer writes: such an event goes there directly, so that a
        // string of details is parsed once.
        if (p.CustomDetails is null)
        {
            var plain = PlainJsonWriter.Create();
            WriteBody(ref plain, connectorId, p);
            if (plain.TryToArray(out var bytes))
            {
                return bytes;
            }
        }

        return JsonBytes.Write((connectorId, p), static (writer, state) =>
            {
                var escaped = new Utf8JsonBodyWriter(writer, HttpResults.JsonOptions);
                WriteBody(ref escaped, state.connectorId, state.p);
            }, HttpResults.JsonOptions);
    }

    /// <summary>
    /// <c>getBodyForEventAction</c>: the event, with a payload and links only for a trigger, written as JSON (as
    /// <c>JSON.stringify</c> writes it).
    /// </summary>
    internal static void WriteBody<TWriter>(ref TWriter writer, string connectorId, PagerDutyParams p)
        where TWriter : struct, IJsonBodyWriter
    {
        // Names and fixed values are encoded once (they need no escaping); only the caller's strings are checked.
        var eventAction = p.EventAction ?? PagerDutyEventAction.Trigger;
        writer.WriteStartObject();
        writer.WriteString(Json.EventAction, eventAction switch
        {
            PagerDutyEventAction.Resolve => Json.Resolve,
            PagerDutyEventAction.Acknowledge => Json.Acknowledge,
            _ => Json.Trigger,
        });
        if (!string.IsNullOrEmpty(p.DedupKey))
        {
            writer.WriteString(Json.DedupKey, p.DedupKey);
        }

        if (eventAction != PagerDutyEventAction.Trigger)
        {
            writer.WriteEndObject();
            return;
        }

        writer.WriteStartObject(Json.Payload);
        writer.WriteString(Json.Summary, string.IsNullOrEmpty(p.Summary) ? "No summary provided." : p.Summary);
        writer.WriteString(Json.Source, string.IsNullOrEmpty(p.Source) ? $"Kibana Action {connectorId}" : p.Source);
        writer.WriteString(Json.Severity, p.Severity switch
        {
            PagerDutySeverity.Critical => Json.Critical,
            PagerDutySeverity.Error => Json.Error,
            PagerDutySeverity.Warning => Json.Warning,
            _ => Json.Info,
        });
        if (p.Timestamp is { } timestamp && PagerDutyValidation.ConvertTimestamp(timestamp) is { } converted
            && PagerDutyValidation.ToMoment(converted) is { } at)
        {
            writer.WriteString(Json.Timestamp, HttpResults.ToIsoString(at));
        }

        WriteIfDefined(ref writer, Json.Component, p.Component);
        WriteIfDefined(ref writer, Json.Group, p.Group);
        WriteIfDefined(ref writer, Json.Class, p.Class);
        if (p.CustomDetails is { } details && IsTruthy(details))
        {
            writer.WriteNode(Json.CustomDetails, PagerDutyValidation.CustomDetails(details));
        }

        writer.WriteEndObject();
        if (p.Links is { } links)
        {
            writer.WriteStartArray(Json.Links);
            foreach (var link in links)
            {
                writer.WriteStartObject();
                writer.WriteString(Json.Href, link.Href);
                writer.WriteString(Json.Text, link.Text);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>The body's names and fixed values, encoded once.</summary>
    private static class Json
    {
        public static readonly JsonEncodedText EventAction = JsonEncodedText.Encode("event_action");
        public static readonly JsonEncodedText DedupKey = JsonEncodedText.Encode("dedup_key");
        public static readonly JsonEncodedText Payload = JsonEncodedText.Encode("payload");
        public static readonly JsonEncodedText Summary = JsonEncodedText.Encode("summary");
        public static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
        public static readonly JsonEncodedText Severity = JsonEncodedText.Encode("severity");
        public static readonly JsonEncodedText Trigger = JsonEncodedText.Encode("trigger");
        public static readonly JsonEncodedText Resolve = JsonEncodedText.Encode("resolve");
        public static readonly JsonEncodedText Acknowledge = JsonEncodedText.Encode("acknowledge");
        public static readonly JsonEncodedText Critical = JsonEncodedText.Encode("critical");
        public static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
        public static readonly JsonEncodedText Warning = JsonEncodedText.Encode("warning");
        public static readonly JsonEncodedText Info = JsonEncodedText.Encode("info");
        public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
        public static readonly JsonEncodedText Component = JsonEncodedText.Encode("component");
        public static readonly JsonEncodedText Group = JsonEncodedText.Encode("group");
        public static readonly JsonEncodedText Class = JsonEncodedText.Encode("class");
        public static readonly JsonEncodedText CustomDetails = JsonEncodedText.Encode("custom_details");
        public static readonly JsonEncodedText Links = JsonEncodedText.Encode("links");
        public static readonly JsonEncodedText Href = JsonEncodedText.Encode("href");
        public static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
    }

    private static void WriteIfDefined<TWriter>(ref TWriter writer, JsonEncodedText name, string? value)
        where TWriter : struct, IJsonBodyWriter
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static bool IsTruthy(JsonNode node) =>
        node is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String || v.GetValue<string>().Length > 0;
}
