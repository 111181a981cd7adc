using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.Resilient;

/// <summary>
/// <c>.resilient</c> (IBM Resilient, platinum): a case connector — <c>pushToService</c> creates an incident or patches
/// it with a <c>changes[]</c> diff shaped by each field's <c>input_type</c>, then comments — plus
/// <c>incidentTypes</c>, <c>severity</c> and <c>getFields</c>; basic auth with the API key id and secret.
/// </summary>
internal sealed class ResilientConnector : IConnectorExecutor
{
    public const string TypeId = ".resilient";
    private const int MaxAdditionalFields = 50;

    private static readonly string[] IncidentProperties = ["name", "description", "externalId", "incidentTypes", "severityCode", "additionalFields"];

    private static readonly SubActionSet<ConnectorExecutionContext> SubActions =
        new SubActionSet<ConnectorExecutionContext>(TypeId, "IBM Resilient")
            .Add("pushToService", ResilientJsonContext.Default.ResilientPushParams, PushAsync, ValidatePush)
            .Add("incidentTypes", ResilientJsonContext.Default.ResilientNoParams, (c, _, ct) => ValuesAsync(c, "incident_type_ids", "Unable to get incident types", ct))
            .Add("severity", ResilientJsonContext.Default.ResilientNoParams, (c, _, ct) => ValuesAsync(c, "severity_code", "Unable to get severity", ct))
            .Add("getFields", ResilientJsonContext.Default.ResilientNoParams, async (c, _, ct) => await Wrap("Unable to get fields", () => FieldsAsync(c, ct)).ConfigureAwait(false));

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "IBM Resilient",
        MinimumLicenseRequired = LicenseLevel.Platinum,
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Cases, ConnectorFeatureIds.Siem, ConnectorFeatureIds.Workflows],
        Config = ConnectorSchema.Create(ResilientJsonContext.Default.ResilientConfig, static (c, ctx) => ctx.Policy.IsUriAllowed(c.ApiUrl)
            ? null
            : new ConnectorValidationError("apiUrl", $"error validating url: {ConnectorPolicy.UriNotAllowedMessage(c.ApiUrl)}")),
        Secrets = ConnectorSchema.Create(ResilientJsonContext.Default.ResilientSecrets),
        Params = SubActionEnvelopeSchema.Instance,
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SubActions.ExecuteAsync(context, context, context.GetParams<SubActionEnvelope>(), cancellationToken);
    }

    private static ConnectorValidationError? ValidatePush(ResilientPushParams p, ConnectorValidationContext context)
    {
        JsonNode? value = p.Incident.AdditionalFields;
        if (value is JsonValue s && s.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                value = JsonNode.Parse(s.GetValue<string>());
            }
            catch (JsonException ex)
            {
                return new("incident.additionalFields", ex.Message);
            }
        }

        if (value is JsonObject record)
        {
            if (record.Select(kv => kv.Key).FirstOrDefault(IncidentProperties.Contains) is { } bad)
            {
                return new("incident.additionalFields", $"The following properties cannot be defined inside additionalFields: {bad}.");
            }

            if (record.Count > MaxAdditionalFields)
            {
                return new("incident.additionalFields", $"A maximum of {MaxAdditionalFields} fields in additionalFields can be defined at a time.");
            }
        }

        return null;
    }

    private static async ValueTask<JsonNode?> PushAsync(ConnectorExecutionContext context, ResilientPushParams p, CancellationToken cancellationToken)
    {
        var incident = p.Incident;
        var additional = incident.AdditionalFields is JsonValue s && s.GetValueKind() == JsonValueKind.String
            ? JsonNode.Parse(s.GetValue<string>()) as JsonObject
            : incident.AdditionalFields as JsonObject;
        JsonObject result = incident.ExternalId is { } externalId
            ? await Wrap($"Unable to update incident with id {externalId}", () => UpdateAsync(context, externalId, incident, additional, cancellationToken)).ConfigureAwait(false)
            : await Wrap("Unable to create incident", () => CreateAsync(context, incident, additional, cancellationToken)).ConfigureAwait(false);
        if (p.Comments is { Count: > 0 } comments)
        {
            var pushed = new JsonArray();
            var id = (string)result["id"]!;
            foreach (var comment in comments)
            {
                await Wrap($"Unable to create comment at incident with id {id}", () => SendAsync(
                    context, HttpMethod.Post, $"{Org(context)}/incidents/{id}/comments",
                    new JsonObject { ["text"] = new JsonObject { ["format"] = "text", ["content"] = comment.Comment } }, cancellationToken)).ConfigureAwait(false);
                pushed.Add(new JsonObject { ["commentId"] = comment.CommentId, ["pushedDate"] = result["pushedDate"]?.DeepClone() });
            }

            result["comments"] = pushed;
        }

        return result;
    }

    private static async Task<JsonObject> CreateAsync(ConnectorExecutionContext context, ResilientIncident incident, JsonObject? additional, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["name"] = incident.Name, ["discovered_date"] = context.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds() };
        if (incident.Description is not null)
        {
            body["description"] = new JsonObject { ["format"] = "html", ["content"] = incident.Description };
        }

        if (incident.IncidentTypes is not null)
        {
            body["incident_type_ids"] = new JsonArray([.. incident.IncidentTypes.Select(t => (JsonNode)new JsonObject { ["id"] = t })]);
        }

        if (incident.SeverityCode is not null)
        {
            body["severity_code"] = new JsonObject { ["id"] = incident.SeverityCode };
        }

        if (additional is { Count: > 0 })
        {
            var fields = await FieldsAsync(context, cancellationToken).ConfigureAwait(false);
            foreach (var (key, value) in additional)
            {
                var meta = fields.FirstOrDefault(f => (string?)f?["name"] == key) as JsonObject;
                if (meta is not null && (string?)meta["input_type"] is "select" or "multiselect")
                {
                    var accepted = (meta["values"] as JsonArray ?? []).Select(v => v?["value"]?.ToJsonString()).ToHashSet();
                    var given = value is JsonArray a ? a.Select(v => v?.ToJsonString()) : [value?.ToJsonString()];
                    if (given.Any(g => !accepted.Contains(g)))
                    {
                        var list = string.Join(",", (meta["values"] as JsonArray ?? []).Select(v => $"{v?["value"]?.ToJsonString()} (for \"{v?["label"]}\")"));
                        throw new SubActionException($"Invalid values provided to {key}: {value?.ToJsonString()}. Accepted values: {list}", ErrorSource.User);
                    }
                }

                if (meta?["prefix"] is JsonValue prefix && prefix.ToString().Length > 0)
                {
                    var holder = body[prefix.ToString()] as JsonObject ?? [];
                    holder[key] = value?.DeepClone();
                    body[prefix.ToString()] = holder;
                }
                else
                {
                    body[key] = value?.DeepClone();
                }
            }
        }

        var created = await SendAsync(context, HttpMethod.Post, $"{Org(context)}/incidents?text_content_output_format=objects_convert", body, cancellationToken).ConfigureAwait(false);
        if (created?["id"] is not JsonValue id || created["create_date"] is not JsonValue date)
        {
            throw new SubActionException("Response validation failed (id and create_date are required)");
        }

        return Summary(context, id.ToString(), date.GetValue<long>());
    }

    private static async Task<JsonObject> UpdateAsync(
        ConnectorExecutionContext context, string id, ResilientIncident incident, JsonObject? additional, CancellationToken cancellationToken)
    {
        var old = await GetIncidentAsync(context, id, cancellationToken).ConfigureAwait(false);
        var fields = await FieldsAsync(context, cancellationToken).ConfigureAwait(false);
        var values = additional is null ? new JsonObject() : (JsonObject)additional.DeepClone();
        values["name"] = incident.Name;
        if (incident.Description is not null)
        {
            values["description"] = incident.Description;
        }

        if (incident.IncidentTypes is not null)
        {
            values["incident_type_ids"] = new JsonArray([.. incident.IncidentTypes.Select(t => (JsonNode)JsonValue.Create(t))]);
        }

        if (incident.SeverityCode is not null)
        {
            values["severity_code"] = incident.SeverityCode;
        }

        var changes = new JsonArray();
        foreach (var (key, value) in values)
        {
            if (value is null)
            {
                continue;
            }

            var meta = fields.FirstOrDefault(f => (string?)f?["name"] == key) as JsonObject
                ?? throw new SubActionException($"No metadata found for field {key}");
            var prefix = meta["prefix"]?.ToString();
            var oldValue = string.IsNullOrEmpty(prefix) ? old[key] : old[prefix]?[key];
            var inputType = (string?)meta["input_type"];
            changes.Add(new JsonObject
            {
                ["field"] = new JsonObject { ["name"] = key },
                ["old_value"] = Shape(inputType, oldValue, null),
                ["new_value"] = Shape(inputType, value, oldValue),
            });
        }

        var response = await SendAsync(context, HttpMethod.Patch, $"{Org(context)}/incidents/{id}", new JsonObject { ["changes"] = changes }, cancellationToken).ConfigureAwait(false);
        if (response?["success"] is not JsonValue success || success.GetValueKind() != JsonValueKind.True)
        {
            throw new SubActionException($"Error while updating incident: {response?["message"]}");
        }

        var updated = await GetIncidentAsync(context, id, cancellationToken).ConfigureAwait(false);
        return Summary(context, id, updated["inc_last_modified_date"]?.GetValue<long>() ?? context.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());
    }

    /// <summary>A value in the shape Resilient's <c>changes[]</c> wants for its field's <c>input_type</c>.</summary>
    internal static JsonNode Shape(string? inputType, JsonNode? value, JsonNode? oldValue) => inputType switch
    {
        "textarea" => new JsonObject
        {
            ["textarea"] = value switch
            {
                null => null,
                JsonObject o when o.ContainsKey("format") || o.ContainsKey("content") => o.DeepClone(),
                _ => new JsonObject { ["format"] = oldValue?["format"]?.DeepClone() ?? "text", ["content"] = value.DeepClone() },
            },
        },
        "multiselect" => new JsonObject { ["ids"] = value?.DeepClone() },
        "select" => new JsonObject { ["id"] = value?.DeepClone() },
        "datetimepicker" or "datepicker" => new JsonObject { ["date"] = value?.DeepClone() },
        "boolean" => new JsonObject { ["boolean"] = value?.DeepClone() },
        "number" => new JsonObject { ["object"] = value?.DeepClone() },
        "text" => new JsonObject { ["text"] = value?.DeepClone() },
        _ => new JsonObject(),
    };

    private static async Task<JsonObject> GetIncidentAsync(ConnectorExecutionContext context, string id, CancellationToken cancellationToken) =>
        await Wrap($"Unable to get incident with id {id}", async () =>
            (await SendAsync(context, HttpMethod.Get, $"{Org(context)}/incidents/{id}?text_content_output_format=objects_convert", null, cancellationToken).ConfigureAwait(false)) as JsonObject ?? [])
            .ConfigureAwait(false);

    private static async Task<JsonArray> FieldsAsync(ConnectorExecutionContext context, CancellationToken cancellationToken) =>
        (await SendAsync(context, HttpMethod.Get, $"{Org(context)}/types/incident/fields", null, cancellationToken).ConfigureAwait(false)) as JsonArray ?? [];

    /// <summary><c>values[] {value,label}</c> of one field → <c>[{id: String(value), name: label}]</c>.</summary>
    private static async ValueTask<JsonNode?> ValuesAsync(ConnectorExecutionContext context, string field, string what, CancellationToken cancellationToken) =>
        await Wrap(what, async () =>
        {
            var data = await SendAsync(context, HttpMethod.Get, $"{Org(context)}/types/incident/fields/{field}", null, cancellationToken).ConfigureAwait(false);
            return (JsonNode)new JsonArray([.. (data?["values"] as JsonArray ?? []).Select(v => (JsonNode)new JsonObject
            {
                ["id"] = v?["value"] is JsonValue x && x.GetValueKind() == JsonValueKind.String ? x.GetValue<string>() : v?["value"]?.ToJsonString(),
                ["name"] = v?["label"]?.DeepClone(),
            })]);
        }).ConfigureAwait(false);

    private static JsonObject Summary(ConnectorExecutionContext context, string id, long epochMs) => new()
    {
        ["title"] = id,
        ["id"] = id,
        ["pushedDate"] = HttpResults.ToIsoString(DateTimeOffset.FromUnixTimeMilliseconds(epochMs)),
        ["url"] = $"{context.GetConfig<ResilientConfig>().ApiUrl.TrimEnd('/')}/#incidents/{id}",
    };

    private static string Org(ConnectorExecutionContext context)
    {
        var config = context.GetConfig<ResilientConfig>();
        return $"{config.ApiUrl}/rest/orgs/{config.OrgId}";
    }

    private static Task<JsonNode?> SendAsync(ConnectorExecutionContext context, HttpMethod method, string url, JsonNode? body, CancellationToken cancellationToken)
    {
        var secrets = context.GetSecrets<ResilientSecrets>();
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{secrets.ApiKeyId}:{secrets.ApiKeySecret}"));
        return SubActionHttp.SendAsync(
            context, method, url, body, [new("Authorization", basic)], static (_, axios) => axios, null, cancellationToken,
            static failure => failure.Status == 401
                ? "Unauthorized API Error"
                : (failure.Data as JsonObject)?["message"] is JsonNode m ? $"API Error: {m}" : $"API Error: {failure.StatusText}");
    }

    /// <summary><c>[Action][IBM Resilient]: &lt;what&gt;. Error: &lt;inner&gt;.</c></summary>
    private static async Task<T> Wrap<T>(string what, Func<Task<T>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (SubActionException ex) when (!ex.Message.StartsWith("[Action][IBM Resilient]", StringComparison.Ordinal))
        {
            throw new SubActionException($"[Action][IBM Resilient]: {what}. Error: {ex.Message}.", ex.ErrorSource);
        }
        catch (HttpRequestException ex)
        {
            throw new SubActionException($"[Action][IBM Resilient]: {what}. Error: {HttpResults.MessageOf(ex)}.", HttpResults.SourceOf(ex));
        }
    }
}
