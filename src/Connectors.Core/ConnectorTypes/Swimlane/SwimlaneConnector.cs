using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.Swimlane;

/// <summary>
/// <c>.swimlane</c> (gold): Swimlane records — <c>pushToService</c> creates or patches a record whose values are
/// keyed by the mapped field ids (numeric fields as numbers), then adds comments to the mapped comments field —
/// with <c>Private-Token</c>.
/// </summary>
internal sealed class SwimlaneConnector : IConnectorExecutor
{
    public const string TypeId = ".swimlane";

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Swimlane",
        MinimumLicenseRequired = LicenseLevel.Gold,
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Cases, ConnectorFeatureIds.Siem, ConnectorFeatureIds.Workflows],
        Config = ConnectorSchema.Create(SwimlaneJsonContext.Default.SwimlaneConfig, static (c, ctx) =>
            !ctx.Policy.IsUriAllowed(c.ApiUrl)
                ? new ConnectorValidationError("apiUrl", $"error configuring connector action: {ConnectorPolicy.UriNotAllowedMessage(c.ApiUrl)}")
                : c.ConnectorType is "all" or "alerts" or "cases"
                    ? null
                    : new ConnectorValidationError("connectorType", $"[connectorType]: types that failed validation: expected one of [all, alerts, cases] but got [{c.ConnectorType}]")),
        Secrets = ConnectorSchema.Create(SwimlaneJsonContext.Default.SwimlaneSecrets),
        Params = new SubActionUnionSchema(new Dictionary<string, ConnectorSchema>(StringComparer.Ordinal)
        {
            ["pushToService"] = ConnectorSchema.Create(SwimlaneJsonContext.Default.SwimlanePushParams),
        }),
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var push = (SwimlanePushParams)context.GetParams<SubActionCall>().Params;
        var config = context.GetConfig<SwimlaneConfig>();
        var token = context.GetSecrets<SwimlaneSecrets>().ApiToken;
        return ExternalServiceRun.RunAsync(context, async () =>
        {
            if (string.IsNullOrEmpty(config.ApiUrl) || string.IsNullOrEmpty(config.AppId) || string.IsNullOrEmpty(token))
            {
                throw new ExternalServiceException("[Action]Swimlane: Wrong configuration.", null);
            }

            var trimmed = config.ApiUrl.EndsWith('/') ? config.ApiUrl[..^1] : config.ApiUrl;
            var api = trimmed.EndsWith("api", StringComparison.Ordinal) ? trimmed : trimmed + "/api";
            var baseUrl = api[..^3].TrimEnd('/');
            var incidentId = push.Incident.ExternalId;
            var body = new JsonObject { ["applicationId"] = config.AppId };
            if (incidentId is not null)
            {
                body["id"] = incidentId;
            }

            body["values"] = Values(config.Mappings, push.Incident);
            JsonNode? data;
            string dateField;
            if (incidentId is null)
            {
                data = await SendAsync(context, token, HttpMethod.Post, $"{api}/app/{config.AppId}/record", body, "create record", config.AppId, ["id", "name", "createdDate"], cancellationToken)
                    .ConfigureAwait(false);
                dateField = "createdDate";
            }
            else
            {
                data = await SendAsync(context, token, HttpMethod.Patch, $"{api}/app/{config.AppId}/record/{incidentId}", body, "update record", config.AppId, ["id", "name", "modifiedDate"], cancellationToken)
                    .ConfigureAwait(false);
                dateField = "modifiedDate";
            }

            var id = Text(data!["id"]);
            var result = new JsonObject
            {
                ["id"] = id,
                ["title"] = data["name"]?.DeepClone(),
                ["url"] = $"{baseUrl}/record/{config.AppId}/{id}",
                ["pushedDate"] = IsoDate(Text(data[dateField]), context.TimeProvider),
            };
            if (push.Comments is { Count: > 0 } comments)
            {
                var field = config.Mappings.CommentsConfig
                    ?? throw new ExternalServiceException("No comment field mapped in Swimlane connector", null);
                var createdDate = HttpResults.ToIsoString(context.TimeProvider.GetUtcNow());
                var pushed = new JsonArray();
                foreach (var comment in comments)
                {
                    await SendAsync(
                        context, token, HttpMethod.Post, $"{api}/app/{config.AppId}/record/{id}/{field.Id}/comment",
                        new JsonObject { ["createdDate"] = createdDate, ["fieldId"] = field.Id, ["isRichText"] = true, ["message"] = comment.Comment },
                        "create comment", config.AppId, [], cancellationToken).ConfigureAwait(false);
                    pushed.Add(new JsonObject { ["commentId"] = comment.CommentId, ["pushedDate"] = createdDate });
                }

                result["comments"] = pushed;
            }

            return result;
        });
    }

    /// <summary><c>getBodyForEventAction</c>: every mapped, non-empty value under its field id; numeric fields as numbers (NaN → 0).</summary>
    internal static JsonObject Values(SwimlaneMappings mappings, SwimlaneIncident incident)
    {
        var values = new JsonObject();
        foreach (var (mapping, value) in new[]
        {
            (mappings.RuleNameConfig, incident.RuleName), (mappings.AlertIdConfig, incident.AlertId), (mappings.CaseIdConfig, incident.CaseId),
            (mappings.CaseNameConfig, incident.CaseName), (mappings.SeverityConfig, incident.Severity), (mappings.DescriptionConfig, incident.Description),
        })
        {
            if (mapping is null || string.IsNullOrEmpty(value))
            {
                continue;
            }

            values[mapping.Id] = mapping.FieldType == "numeric"
                ? double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(0)
                : JsonValue.Create(value);
        }

        return values;
    }

    private static async Task<JsonNode?> SendAsync(
        ConnectorExecutionContext context, string token, HttpMethod method, string url, JsonObject body, string what, string appId, string[] required, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = HttpResults.JsonContent(body) };
        request.Headers.TryAddWithoutValidation("Private-Token", token);
        int? status = null;
        try
        {
            using var response = await context.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            var data = HttpResults.ParseBody(await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false));
            if (status is < 200 or >= 300)
            {
                throw Fail(what, appId, status, $"Request failed with status code {status}", data, null, status == 429 ? HttpResults.RetryAt(response, context.TimeProvider) : null);
            }

            if (required.Length > 0 && (data is not JsonObject o || required.Any(r => o[r] is null)))
            {
                throw Fail(what, appId, status, $"Response is missing at least one of the expected fields: {string.Join(',', required)}", null, null, null);
            }

            return data;
        }
        catch (HttpRequestException ex)
        {
            throw Fail(what, appId, status, HttpResults.MessageOf(ex), null, ex, null);
        }
    }

    /// <summary><c>[Action][Swimlane]: Unable to &lt;what&gt; in application with id &lt;appId&gt;. Status: &lt;s&gt;. Error: &lt;m&gt;. Reason: &lt;Argument&gt; (&lt;ErrorCode&gt;)</c>.</summary>
    private static ExternalServiceException Fail(string what, string appId, int? status, string message, JsonNode? data, HttpRequestException? transport, DateTimeOffset? retryAt)
    {
        var argument = Text(data?["Argument"]);
        var code = Text(data?["ErrorCode"]);
        var reason = argument is null && code is null ? "unknown" : $"{argument ?? "unknown"} ({code ?? "unknown"})";
        return new ExternalServiceException(
            $"[Action][Swimlane]: Unable to {what} in application with id {appId}. Status: {status ?? 500}. Error: {message}. Reason: {reason}", status, transport)
        {
            RetryAt = retryAt,
        };
    }

    private static string IsoDate(string? value, TimeProvider time) =>
        HttpResults.ToIsoString(value is not null && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : time.GetUtcNow());

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString();
}
