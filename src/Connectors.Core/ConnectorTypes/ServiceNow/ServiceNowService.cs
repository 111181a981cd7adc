using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Microsoft.Extensions.Logging;

namespace Connectors.ConnectorTypes.ServiceNow;

/// <summary>
/// Kibana's ServiceNow external service (<c>lib/servicenow/service.ts</c>): Table API or Import Set API
/// (<c>u_</c>-prefixed fields after the app health check), incidents read back after every write, fields and
/// choices, with basic auth or an OAuth JWT bearer token. Failures become <see cref="ExternalServiceException"/> with
/// Kibana's <c>[Action][ServiceNow]: … Error: … Reason: …</c> text.
/// </summary>
internal sealed partial class ServiceNowService
{
    private readonly ConnectorExecutionContext context;
    private readonly ServiceNowConfig config;
    private readonly ServiceNowSecrets secrets;
    private readonly ServiceNowTypeSettings settings;
    private readonly ServiceNowTokenCache tokens;
    private readonly string baseUrl;

    public ServiceNowService(
        ConnectorExecutionContext context, ServiceNowConfig config, ServiceNowSecrets secrets, ServiceNowTypeSettings settings, ServiceNowTokenCache tokens)
    {
        this.context = context;
        this.config = config;
        this.secrets = secrets;
        this.settings = settings;
        this.tokens = tokens;
        baseUrl = BaseUrl(config);
        if (string.IsNullOrEmpty(config.ApiUrl)
            || (!config.IsOAuth && (string.IsNullOrEmpty(secrets.Username) || string.IsNullOrEmpty(secrets.Password)))
            || (config.IsOAuth && (string.IsNullOrEmpty(secrets.ClientSecret) || string.IsNullOrEmpty(secrets.PrivateKey)
                || string.IsNullOrEmpty(config.UserIdentifierValue) || string.IsNullOrEmpty(config.ClientId) || string.IsNullOrEmpty(config.JwtKeyId))))
        {
            throw new ExternalServiceException("[Action]ServiceNow: Wrong configuration.", null);
        }

        UseTableApi = !settings.UseImportApi || config.UsesTableApi;
    }

    /// <summary><c>!useImportAPI || config.usesTableApi</c>.</summary>
    public bool UseTableApi { get; }

    public string Table => settings.Table;

    public static string BaseUrl(ServiceNowConfig config) => config.ApiUrl.EndsWith('/') ? config.ApiUrl[..^1] : config.ApiUrl;

    private string TableUrl => $"{baseUrl}/api/now/v2/table/{settings.Table}";

    private string ImportSetUrl => $"{baseUrl}/api/now/import/{settings.ImportSetTable}";

    private string HealthUrl => $"{baseUrl}/api/{settings.AppScope}/elastic_api/health";

    public string ViewUrl(string sysId) => $"{baseUrl}/nav_to.do?uri={settings.Table}.do?sys_id={sysId}";

    public async Task<JsonObject> GetIncidentAsync(string id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw Fail("Unable to get incident with id .", new InvalidOperationException("Incident id is empty."), "get", "table");
        }

        try
        {
            var data = await SendAsync(HttpMethod.Get, $"{TableUrl}/{id}", null, cancellationToken).ConfigureAwait(false);
            return (JsonObject)data!["result"]!;
        }
        catch (Exception ex) when (ex is not ExternalServiceException and not OperationCanceledException)
        {
            throw Fail($"Unable to get incident with id {id}.", ex, "get", "table");
        }
    }

    public async Task<JsonObject?> GetIncidentByCorrelationIdAsync(string correlationId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(correlationId))
        {
            throw Fail($"Unable to get incident by correlation ID {correlationId}.", new InvalidOperationException("Correlation ID is empty."), "get", "table");
        }

        try
        {
            var data = await SendAsync(
                HttpMethod.Get, $"{TableUrl}?sysparm_query={QueryValue($"ORDERBYDESCsys_created_on^correlation_id={correlationId}")}", null, cancellationToken)
                .ConfigureAwait(false);
            return data!["result"] is JsonArray { Count: > 0 } rows ? rows[0] as JsonObject : null;
        }
        catch (Exception ex) when (ex is not ExternalServiceException and not OperationCanceledException)
        {
            throw Fail($"Unable to get incident by correlation ID {correlationId}.", ex, "get", "table");
        }
    }

    /// <summary>Creates an incident (Import Set: after the app check) and reads it back.</summary>
    public async Task<JsonObject> CreateIncidentAsync(JsonObject incident, CancellationToken cancellationToken)
    {
        var endpoint = UseTableApi ? "table" : "import_set";
        try
        {
            if (!UseTableApi)
            {
                await CheckApplicationAsync(cancellationToken).ConfigureAwait(false);
            }

            var body = PrepareIncident(incident);
            var data = await SendAsync(HttpMethod.Post, UseTableApi ? TableUrl : ImportSetUrl, body, cancellationToken).ConfigureAwait(false);
            var sysId = SysIdOf(data);
            var created = await GetIncidentAsync(sysId, cancellationToken).ConfigureAwait(false);
            return Summary(created, "sys_created_on");
        }
        catch (Exception ex) when (ex is not ExternalServiceException and not OperationCanceledException)
        {
            throw Fail("Unable to create incident.", ex, "post", endpoint);
        }
    }

    /// <summary>Updates an incident (Table: PATCH; Import Set: POST with <c>elastic_incident_id</c>) and reads it back.</summary>
    public async Task<JsonObject> UpdateIncidentAsync(string incidentId, JsonObject incident, CancellationToken cancellationToken)
    {
        var endpoint = UseTableApi ? "table" : "import_set";
        var method = UseTableApi ? "patch" : "post";
        try
        {
            if (!UseTableApi)
            {
                await CheckApplicationAsync(cancellationToken).ConfigureAwait(false);
            }

            var body = PrepareIncident(incident);
            JsonNode? data;
            if (UseTableApi)
            {
                data = await SendAsync(HttpMethod.Patch, $"{TableUrl}/{incidentId}", body, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                body["elastic_incident_id"] = incidentId;
                data = await SendAsync(HttpMethod.Post, ImportSetUrl, body, cancellationToken).ConfigureAwait(false);
            }

            var sysId = SysIdOf(data);
            var updated = await GetIncidentAsync(sysId, cancellationToken).ConfigureAwait(false);
            return Summary(updated, "sys_updated_on");
        }
        catch (Exception ex) when (ex is not ExternalServiceException and not OperationCanceledException)
        {
            throw Fail($"Unable to update incident with id {incidentId}.", ex, method, endpoint);
        }
    }

    /// <summary>
    /// closeIncident: find by sys_id or else by correlation id (newest first); nothing found or a 404 → <see langword="null"/>;
    /// already closed → its summary; otherwise set state 7 with Kibana's close code and notes.
    /// </summary>
    public async Task<JsonObject?> CloseIncidentAsync(string? incidentId, string? correlationId, CancellationToken cancellationToken)
    {
        try
        {
            if (incidentId is null && correlationId is null)
            {
                throw new InvalidOperationException("No correlationId or incidentId found.");
            }

            var incident = incidentId is not null
                ? await GetIncidentAsync(incidentId, cancellationToken).ConfigureAwait(false)
                : await GetIncidentByCorrelationIdAsync(correlationId!, cancellationToken).ConfigureAwait(false);
            if (incident is null || incident.Count == 0)
            {
                NoIncidentFound(context.Logger, correlationId ?? "null", incidentId ?? "null");
                return null;
            }

            var sysId = Text(incident["sys_id"]) ?? string.Empty;
            if (Text(incident["state"]) == ServiceNowConstants.ClosedState)
            {
                IncidentAlreadyClosed(context.Logger, correlationId ?? "null", incidentId ?? "null");
                return Summary(incident, "sys_updated_on");
            }

            return await UpdateIncidentAsync(
                sysId,
                new JsonObject { ["state"] = ServiceNowConstants.ClosedState, ["close_code"] = "Closed/Resolved by Caller", ["close_notes"] = "Closed by Caller" },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ExternalServiceException ex) when (ex.Status == 404)
        {
            NoIncidentFound(context.Logger, correlationId ?? "null", incidentId ?? "null");
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw ex is ExternalServiceException sn
                ? new ExternalServiceException($"[Action][ServiceNow]: Unable to close incident. Error: {sn.Message}", sn.Status)
                : Fail("Unable to close incident.", ex, null, null);
        }
    }

    public async Task<JsonNode> GetFieldsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var query = $"name=task^ORname={settings.Table}^internal_type=string&active=true&array=false&read_only=false&sysparm_fields=max_length,element,column_label,mandatory";
            var data = await SendAsync(HttpMethod.Get, $"{baseUrl}/api/now/table/sys_dictionary?sysparm_query={QueryValue(query)}", null, cancellationToken).ConfigureAwait(false);
            return data!["result"]?.DeepClone() ?? new JsonArray();
        }
        catch (Exception ex) when (ex is not ExternalServiceException and not OperationCanceledException)
        {
            throw Fail("Unable to get fields.", ex, "get", "other");
        }
    }

    public async Task<JsonNode> GetChoicesAsync(IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        try
        {
            var elements = string.Join("^OR", fields.Select(f => "element=" + f));
            var query = $"name=task^ORname={settings.Table}^{elements}^language=en&sysparm_fields=label,value,dependent_value,element";
            var data = await SendAsync(HttpMethod.Get, $"{baseUrl}/api/now/table/sys_choice?sysparm_query={QueryValue(query)}", null, cancellationToken).ConfigureAwait(false);
            return data!["result"]?.DeepClone() ?? new JsonArray();
        }
        catch (Exception ex) when (ex is not ExternalServiceException and not OperationCanceledException)
        {
            throw Fail("Unable to get choices.", ex, "get", "other");
        }
    }

    /// <summary>SecOps: the app check, then <c>[{value, type}, …]</c> to the bulk observables endpoint.</summary>
    public async Task AddObservablesAsync(string incidentId, JsonArray observables, CancellationToken cancellationToken)
    {
        try
        {
            await CheckApplicationAsync(cancellationToken).ConfigureAwait(false);
            await SendAsync(HttpMethod.Post, $"{baseUrl}/api/x_elas2_sir_int/elastic_api/incident/{incidentId}/observables/bulk", observables, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ExternalServiceException and not OperationCanceledException)
        {
            throw Fail($"Unable to add observables to security incident with id {incidentId}.", ex, "post", "other");
        }
    }

    /// <summary>ITOM: <c>{records:[event]}</c> to the event API.</summary>
    public async Task AddEventAsync(JsonObject record, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(HttpMethod.Post, $"{baseUrl}/api/global/em/jsonv2", new JsonObject { ["records"] = new JsonArray(record) }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ExternalServiceException and not OperationCanceledException)
        {
            throw Fail("Unable to add event.", ex, null, null);
        }
    }

    private async Task CheckApplicationAsync(CancellationToken cancellationToken)
    {
        try
        {
            var data = await SendAsync(HttpMethod.Get, HealthUrl, null, cancellationToken).ConfigureAwait(false);
            var result = data!["result"];
            ApplicationVersion(context.Logger, Text(result?["name"]), Text(result?["scope"]), Text(result?["version"]));
        }
        catch (Exception ex) when (ex is not ExternalServiceException and not OperationCanceledException)
        {
            throw Fail("Unable to get application version.", ex, "get", "health");
        }
    }

    /// <summary>Table API: the fields as given, <c>additional_fields</c> refused; Import Set: <c>{...additional_fields, ...u_fields}</c>.</summary>
    private JsonObject PrepareIncident(JsonObject incident)
    {
        var additional = incident["additional_fields"] as JsonObject;
        var baseFields = new JsonObject();
        foreach (var (key, value) in incident)
        {
            if (key != "additional_fields")
            {
                baseFields[UseTableApi ? key : ServiceNowConstants.FieldPrefix + key] = value?.DeepClone();
            }
        }

        if (UseTableApi)
        {
            if (additional is not null)
            {
                throw new ServiceNowHttpException(400, null, "ServiceNow additional fields are not supported for deprecated connectors.");
            }

            return baseFields;
        }

        var body = additional is null ? new JsonObject() : (JsonObject)additional.DeepClone();
        foreach (var (key, value) in baseFields)
        {
            body[key] = value?.DeepClone();
        }

        return body;
    }

    private string SysIdOf(JsonNode? data)
    {
        if (UseTableApi)
        {
            return Text(data!["result"]?["sys_id"]) ?? string.Empty;
        }

        if (data!["result"] is not JsonArray { Count: > 0 } rows)
        {
            throw new InvalidOperationException("Unexpected result");
        }

        if (Text(rows[0]?["status"]) == "error")
        {
            throw new ServiceNowHttpException(null, null, Text(rows[0]?["error_message"]) ?? "error");
        }

        return Text(rows[0]?["sys_id"]) ?? string.Empty;
    }

    private JsonObject Summary(JsonObject incident, string dateField)
    {
        var sysId = Text(incident["sys_id"]) ?? string.Empty;
        return new JsonObject
        {
            ["title"] = incident["number"]?.DeepClone(),
            ["id"] = sysId,
            ["pushedDate"] = PushedDate(Text(incident[dateField])),
            ["url"] = ViewUrl(sysId),
        };
    }

    /// <summary><c>new Date("&lt;ts&gt; GMT").toISOString()</c>; now when missing.</summary>
    private string PushedDate(string? timestamp) =>
        HttpResults.ToIsoString(
            timestamp is not null && DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? parsed
                : context.TimeProvider.GetUtcNow());

    /// <summary>One request with the connector's auth; 4xx drops the cached token; non-2xx throws; 2xx–3xx without <c>result</c> is a sleeping instance.</summary>
    private async Task<JsonNode?> SendAsync(HttpMethod method, string url, JsonNode? body, CancellationToken cancellationToken)
    {
        // WHATWG URL parsing keeps ^ in a query; System.Uri would escape it.
        using var request = new HttpRequestMessage(method, new Uri(url, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
        if (body is not null)
        {
            request.Content = HttpResults.JsonContent(body);
        }

        var authorization = config.IsOAuth
            ? await tokens.GetAsync(context, config, secrets, cancellationToken).ConfigureAwait(false)
            : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{secrets.Username}:{secrets.Password}"));
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await context.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var data = HttpResults.ParseBody(await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false));
        if (status is >= 400 and < 500)
        {
            tokens.Drop(context.ConnectorId);
        }

        if (status is < 200 or >= 300)
        {
            throw new ServiceNowHttpException(status, data, $"Request failed with status code {status}")
            {
                RetryAt = status == 429 ? HttpResults.RetryAt(response, context.TimeProvider) : null,
            };
        }

        if (data is not JsonObject obj || obj["result"] is null)
        {
            var server = request.RequestUri!.Scheme == "https" ? request.RequestUri.Host : string.Empty;
            throw new InvalidOperationException($"There is an issue with your Service Now Instance. Please check {server}.");
        }

        return data;
    }

    /// <summary><c>addServiceMessageToError</c> over <c>createErrorMessage</c>, with the status/method/endpoint context.</summary>
    private static ExternalServiceException Fail(string message, Exception error, string? method, string? endpoint)
    {
        string errorPart;
        var reason = string.Empty;
        int? status = null;
        DateTimeOffset? retryAt = null;
        switch (error)
        {
            case ServiceNowHttpException http:
                status = http.Status;
                retryAt = http.RetryAt;
                errorPart = http.Message;
                if (http.Body is not null)
                {
                    var e = http.Body["error"] as JsonObject;
                    var m = Text(e?["message"]);
                    var d = Text(e?["detail"]);
                    reason = m is null ? "unknown: no error in error response" : d is null ? m : $"{m}: {d}";
                }

                break;
            case ServiceNowTokenException token:
                status = token.Status;
                if (token.Body is JsonObject tb && tb["error"] is JsonValue ev && ev.GetValueKind() == JsonValueKind.String)
                {
                    errorPart = ev.GetValue<string>();
                    reason = Text(tb["error_description"]) ?? string.Empty;
                }
                else
                {
                    errorPart = token.Message;
                }

                break;
            case HttpRequestException transport:
                errorPart = HttpResults.MessageOf(transport);
                break;
            default:
                errorPart = error.Message;
                break;
        }

        var text = new StringBuilder("[Action][ServiceNow]: ").Append(message).Append(" Error: ").Append(errorPart);
        if (reason.Length > 0)
        {
            text.Append(" Reason: ").Append(reason);
        }

        if (method is not null)
        {
            text.Append(" [status=").Append(status?.ToString(CultureInfo.InvariantCulture) ?? "none").Append("] [method=").Append(method)
                .Append("] [endpoint=").Append(endpoint).Append(']');
        }

        return new ExternalServiceException(text.ToString(), status, error is HttpRequestException hre ? hre : null) { RetryAt = retryAt };
    }

    /// <summary>Query text as WHATWG's URL parser leaves it: <c>^ = , &amp;</c> kept; space, quotes, <c>#</c>, <c>&lt;</c>, <c>&gt;</c> percent-encoded.</summary>
    private static string QueryValue(string query)
    {
        var text = new StringBuilder(query.Length);
        foreach (var c in query)
        {
            _ = c switch
            {
                ' ' => text.Append("%20"),
                '"' => text.Append("%22"),
                '#' => text.Append("%23"),
                '<' => text.Append("%3C"),
                '>' => text.Append("%3E"),
                '\'' => text.Append("%27"),
                _ when c < 0x20 || c > 0x7E => text.Append(Uri.EscapeDataString(c.ToString())),
                _ => text.Append(c),
            };
        }

        return text.ToString();
    }

    internal static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        _ => node.ToJsonString(),
    };

    [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "[ServiceNow][CloseIncident] No incident found with correlation_id: {CorrelationId} or incidentId: {IncidentId}.")]
    private static partial void NoIncidentFound(ILogger logger, string? correlationId, string? incidentId);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "[ServiceNow][CloseIncident] Incident with correlation_id: {CorrelationId} or incidentId: {IncidentId} is closed.")]
    private static partial void IncidentAlreadyClosed(ILogger logger, string? correlationId, string? incidentId);

    [LoggerMessage(EventId = 602, Level = LogLevel.Debug, Message = "Create incident: Application scope: {Scope}: Application version{Version}")]
    private static partial void ApplicationVersionCore(ILogger logger, string? scope, string? version);

    private static void ApplicationVersion(ILogger logger, string? name, string? scope, string? version) => ApplicationVersionCore(logger, scope, version);
}

/// <summary>A non-2xx ServiceNow response (axios's error), with the parsed body.</summary>
internal sealed class ServiceNowHttpException(int? status, JsonNode? body, string message) : Exception(message)
{
    public int? Status { get; } = status;

    public JsonNode? Body { get; } = body;

    public DateTimeOffset? RetryAt { get; init; }
}
