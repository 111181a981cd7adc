using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.ConnectorTypes.Webhook;
using Connectors.Templating;
using Connectors.Templating.Internal;

namespace Connectors.ConnectorTypes.CasesWebhook;

/// <summary>
/// Kibana's cases-webhook external service (<c>service.ts</c>): the create / get / update / comment calls, each URL and
/// JSON body rendered from its template with plain Mustache (HTML escape for <c>{{x}}</c>), validated, sent, and its
/// response checked; every failure wrapped with Kibana's context text.
/// </summary>
internal sealed class CasesWebhookService
{
    public const string ConnectorName = "Webhook - Case Management";

    // mustache.js escaping (& < > " ' / ` =); the data are all strings, so nothing else of the Kibana mode shows.
    private static readonly MustacheRenderOptions PlainMustache = new() { Escape = MustacheEscape.Html, KibanaCompatible = true };

    private readonly ConnectorExecutionContext context;
    private readonly CasesWebhookConfig config;
    private readonly List<KeyValuePair<string, string>> headers = [];
    private readonly HttpClient client;

    public CasesWebhookService(ConnectorExecutionContext context)
    {
        this.context = context;
        config = context.GetConfig<CasesWebhookConfig>();
        var secrets = context.GetSecrets<WebhookSecrets>();
        var basic = config.HasAuth && config.AuthType is null or WebhookAuthType.Basic;
        if ((basic && config.AuthType is not null && (secrets.User is null || secrets.Password is null))
            || (config.HasAuth && config.AuthType == WebhookAuthType.Ssl && secrets.Crt is null && secrets.Pfx is null)
            || string.IsNullOrEmpty(config.GetIncidentUrl) || string.IsNullOrEmpty(config.CreateIncidentUrl)
            || string.IsNullOrEmpty(config.ViewIncidentUrl) || string.IsNullOrEmpty(config.UpdateIncidentUrl))
        {
            throw new SubActionException($"[Action]{ConnectorName}: Wrong configuration.");
        }

        client = CasesWebhookClient.Create(context, config, secrets);
        headers.Add(new("content-type", "application/json"));
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in config.Headers ?? [])
        {
            merged[key] = value;
        }

        foreach (var (key, value) in secrets.SecretHeaders ?? [])
        {
            merged[key] = value;
        }

        if (basic && secrets.User is { } user && secrets.Password is { } password)
        {
            Set("Authorization", HttpResults.BasicAuthorization(user, password));
        }

        foreach (var (key, value) in merged)
        {
            Set(key, value);
        }
    }

    /// <summary><c>createIncident</c>: create, read the new id from the response, get the title, build the view URL.</summary>
    public async Task<JsonObject> CreateIncidentAsync(CasesWebhookIncident incident, CancellationToken cancellationToken)
    {
        try
        {
            var url = ValidateAndNormalizeUrl(RemoveSlash(config.CreateIncidentUrl), "Create case URL");
            var json = Render(config.CreateIncidentJson, CaseFields(incident, null));
            ValidateJson(json, "Create case JSON body");
            var response = await SendAsync(config.CreateIncidentMethod, url, json, cancellationToken).ConfigureAwait(false);
            CheckResponse(response, [config.CreateIncidentResponseKey]);
            var externalId = ValueAsString(response.Data, config.CreateIncidentResponseKey)!;
            var title = await GetIncidentTitleAsync(externalId, cancellationToken).ConfigureAwait(false);
            return Pushed(externalId, title);
        }
        catch (CasesWebhookException ex)
        {
            throw ex.Wrap("Unable to create case");
        }
    }

    /// <summary><c>updateIncident</c>: update by external id, then get the title and build the view URL.</summary>
    public async Task<JsonObject> UpdateIncidentAsync(string incidentId, CasesWebhookIncident incident, CancellationToken cancellationToken)
    {
        try
        {
            var url = ValidateAndNormalizeUrl(Render(config.UpdateIncidentUrl, External(Uri.EscapeDataString(incidentId))), "Update case URL");
            var json = Render(config.UpdateIncidentJson, CaseFields(incident, JsJsonString(incidentId)));
            ValidateJson(json, "Update case JSON body");
            var response = await SendAsync(config.UpdateIncidentMethod, url, json, cancellationToken).ConfigureAwait(false);
            CheckResponse(response, []);
            var title = await GetIncidentTitleAsync(incidentId, cancellationToken).ConfigureAwait(false);
            return Pushed(incidentId, title);
        }
        catch (CasesWebhookException ex)
        {
            throw ex.Wrap($"Unable to update case with id {incidentId}");
        }
    }

    /// <summary><c>createComment</c>: skipped when the comment URL, JSON or method is not configured.</summary>
    public async Task CreateCommentAsync(string incidentId, string comment, CancellationToken cancellationToken)
    {
        try
        {
            if (string.IsNullOrEmpty(config.CreateCommentUrl) || string.IsNullOrEmpty(config.CreateCommentJson) || config.CreateCommentMethod is not { } method)
            {
                return;
            }

            var url = ValidateAndNormalizeUrl(Render(config.CreateCommentUrl, External(Uri.EscapeDataString(incidentId))), "Create comment URL");
            var data = External(JsJsonString(incidentId));
            data["case"] = new Dictionary<string, object?> { ["comment"] = JsJsonString(comment) };
            var json = Render(config.CreateCommentJson, data);
            ValidateJson(json, "Create comment JSON body");
            var response = await SendAsync(method, url, json, cancellationToken).ConfigureAwait(false);
            CheckResponse(response, []);
        }
        catch (CasesWebhookException ex)
        {
            throw ex.Wrap($"Unable to create comment at case with id {incidentId}");
        }
    }

    private async Task<string> GetIncidentTitleAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var url = ValidateAndNormalizeUrl(Render(config.GetIncidentUrl, External(Uri.EscapeDataString(id))), "Get case URL");
            string? json = null;
            if (config.GetIncidentMethod == CasesWebhookMethod.Post && !string.IsNullOrEmpty(config.GetIncidentJson))
            {
                json = Render(config.GetIncidentJson, External(JsJsonString(id)));
                ValidateJson(json, "Get case JSON body");
            }

            var response = await SendAsync(config.GetIncidentMethod, url, json, cancellationToken).ConfigureAwait(false);
            CheckResponse(response, [config.GetIncidentResponseExternalTitleKey]);
            return ValueAsString(response.Data, config.GetIncidentResponseExternalTitleKey)!;
        }
        catch (CasesWebhookException ex)
        {
            throw ex.Wrap($"Unable to get case with id {id}");
        }
    }

    private JsonObject Pushed(string id, string title)
    {
        var data = External(Uri.EscapeDataString(id));
        ((Dictionary<string, object?>)((Dictionary<string, object?>)data["external"]!)["system"]!)["title"] = Uri.EscapeDataString(title);
        var viewUrl = ValidateAndNormalizeUrl(Render(config.ViewIncidentUrl, data), "View case URL");
        return new JsonObject
        {
            ["id"] = id,
            ["title"] = title,
            ["url"] = viewUrl,
            ["pushedDate"] = HttpResults.ToIsoString(context.TimeProvider.GetUtcNow()),
        };
    }

    private async Task<CasesWebhookResponse> SendAsync(CasesWebhookMethod method, string url, string? body, CancellationToken cancellationToken)
    {
        var httpMethod = method switch
        {
            CasesWebhookMethod.Get => HttpMethod.Get,
            CasesWebhookMethod.Put => HttpMethod.Put,
            CasesWebhookMethod.Patch => HttpMethod.Patch,
            _ => HttpMethod.Post,
        };
        using var request = new HttpRequestMessage(httpMethod, url);
        if (!string.IsNullOrEmpty(body) && httpMethod != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        }

        foreach (var (name, value) in headers)
        {
            if (name.StartsWith("content-", StringComparison.OrdinalIgnoreCase))
            {
                if (request.Content is not null && !name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
                {
                    request.Content.Headers.Remove(name);
                    request.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new CasesWebhookException(HttpResults.MessageOf(ex), null, HttpResults.SourceOf(ex));
        }

        using (response)
        {
            var text = await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false);
            var data = HttpResults.ParseBody(text);
            var status = (int)response.StatusCode;
            if (status is < 200 or >= 300)
            {
                throw new CasesWebhookException(
                    $"Request failed with status code {status}",
                    new CasesWebhookResponseInfo(text.Length == 0 ? null : data, response.ReasonPhrase ?? string.Empty),
                    HttpResults.IsUserErrorStatus(status) ? ErrorSource.User : ErrorSource.Framework);
            }

            var contentType = response.Content.Headers.TryGetValues("Content-Type", out var values) ? string.Join(", ", values) : null;
            return new CasesWebhookResponse(status, contentType, text.Length == 0 ? null : data, method.ToString().ToLowerInvariant(), url);
        }
    }

    /// <summary><c>throwDescriptiveErrorIfResponseIsNotValid</c>.</summary>
    private static void CheckResponse(CasesWebhookResponse response, string[] requiredKeys)
    {
        var empty = IsEmpty(response.Data);
        if (response.Status == 204 && empty && requiredKeys.Length == 0)
        {
            return;
        }

        if (response.ContentType is null)
        {
            throw new CasesWebhookException($"Missing content type header in {response.Method} {response.Url}. Supported content types: application/json");
        }

        if (!response.ContentType.Contains("application/json", StringComparison.Ordinal))
        {
            throw new CasesWebhookException(
                $"Unsupported content type: {response.ContentType} in {response.Method} {response.Url}. Supported content types: application/json");
        }

        if (!empty && response.Data is not (JsonObject or JsonArray))
        {
            throw new CasesWebhookException("Response is not a valid JSON");
        }

        var missing = requiredKeys.Where(key => ValueAsString(response.Data, key) is null).ToList();
        if (missing.Count > 0)
        {
            throw new CasesWebhookException($"Response is missing the expected {(missing.Count > 1 ? "fields" : "field")}: {string.Join(", ", missing)}");
        }
    }

    /// <summary>lodash's <c>isEmpty</c> on a parsed body: no body, an empty object/array/string, or any number or boolean.</summary>
    private static bool IsEmpty(JsonNode? data) => data switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length == 0,
        _ => true,
    };

    /// <summary><c>getObjectValueByKeyAsString</c>: lodash <c>get</c> by a path (<c>a.b</c>, <c>a[0].b</c>), then <c>`${value}`</c>.</summary>
    internal static string? ValueAsString(JsonNode? data, string path)
    {
        var node = data;
        foreach (var segment in path.Replace("[", ".", StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal)
                     .Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(segment, out var child):
                    if (child is null)
                    {
                        return "null";
                    }

                    node = child;
                    break;
                case JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count:
                    node = array[index];
                    if (node is null)
                    {
                        return "null";
                    }

                    break;
                default:
                    return null;
            }
        }

        return node is null ? null : JsString(node);
    }

    private static string JsString(JsonNode node) => node switch
    {
        JsonObject => "[object Object]",
        JsonArray array => string.Join(",", array.Select(item => item is null ? string.Empty : JsString(item))),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => JsNumber.ToString(v.GetValue<double>()),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => "null",
        },
        _ => string.Empty,
    };

    private void Set(string name, string value)
    {
        headers.RemoveAll(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        headers.Add(new(name, value));
    }

    /// <summary><c>stringifyObjValues</c>: every case field as JSON (nulls as <c>""</c>, no tags as <c>[]</c>), under <c>case</c>.</summary>
    private static Dictionary<string, object?> CaseFields(CasesWebhookIncident incident, string? externalIdJson)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["description"] = JsJsonString(incident.Description ?? string.Empty),
            ["id"] = JsJsonString(incident.Id ?? string.Empty),
            ["severity"] = JsJsonString(incident.Severity ?? string.Empty),
            ["status"] = JsJsonString(incident.Status ?? string.Empty),
            ["tags"] = JsJson.Stringify(incident.Tags ?? []),
            ["title"] = JsJsonString(incident.Title),
        };
        var data = externalIdJson is null ? [] : External(externalIdJson);
        data["case"] = fields;
        return data;
    }

    private static Dictionary<string, object?> External(string id) => new(StringComparer.Ordinal)
    {
        ["external"] = new Dictionary<string, object?> { ["system"] = new Dictionary<string, object?> { ["id"] = id } },
    };

    private static string JsJsonString(string value) => JsJson.Stringify(value);

    /// <summary><c>renderMustacheStringNoEscape</c>: plain Mustache (HTML escape); a failure becomes Kibana's error text.</summary>
    private static string Render(string template, object data)
    {
        try
        {
            return MustacheTemplate.Parse(template).Render(data, PlainMustache);
        }
        catch (MustacheException ex)
        {
            return $"error rendering mustache template \"{template}\": {ex.Message}";
        }
    }

    /// <summary><c>validateAndNormalizeUrl</c>.</summary>
    private string ValidateAndNormalizeUrl(string url, string description)
    {
        string reason;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            reason = "Invalid URL";
        }
        else if (string.IsNullOrEmpty(uri.Host))
        {
            reason = "URL must contain hostname";
        }
        else if (uri.Scheme is not ("http" or "https"))
        {
            reason = "Invalid protocol";
        }
        else if (!context.Policy.IsUriAllowed(url))
        {
            reason = $"error configuring connector action: {ConnectorPolicy.UriNotAllowedMessage(url)}";
        }
        else
        {
            return SubActionHttp.NormalizeUrl(url);
        }

        throw new CasesWebhookException($"Invalid {description}: Error: {reason}", null, ErrorSource.User);
    }

    private static void ValidateJson(string json, string description)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw new CasesWebhookException($"JSON Error: {description} must be valid JSON", null, ErrorSource.User);
        }
    }

    private static string RemoveSlash(string url) => url.EndsWith('/') ? url[..^1] : url;

    private sealed record CasesWebhookResponse(int Status, string? ContentType, JsonNode? Data, string Method, string Url);
}

/// <summary>What an axios error's <c>response</c> carries into Kibana's wrapped message.</summary>
internal sealed record CasesWebhookResponseInfo(JsonNode? Data, string StatusText);

/// <summary>A failure of the cases-webhook flow, with the response it came with (if any), wrapped at each step as Kibana does.</summary>
internal sealed class CasesWebhookException(string message, CasesWebhookResponseInfo? response = null, ErrorSource source = ErrorSource.Framework)
    : Exception(message)
{
    public CasesWebhookResponseInfo? Response { get; } = response;

    public ErrorSource ErrorSource { get; } = source;

    /// <summary><c>addServiceMessageToError</c>: <c>[Action][Webhook - Case Management]: &lt;context&gt;. Error: &lt;message&gt;. &lt;body JSON&gt; Reason: &lt;statusText&gt;</c>.</summary>
    public CasesWebhookException Wrap(string context)
    {
        var serverResponse = Response?.Data is { } data && !(data is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0)
            ? data.ToJsonString(HttpResults.JsonOptions)
            : string.Empty;
        var reason = Response is null ? string.Empty : $"Reason: {Response.StatusText}";
        return new CasesWebhookException(
            $"[Action][{CasesWebhookService.ConnectorName}]: {context}. Error: {Message}. {serverResponse} {reason}", Response, ErrorSource);
    }
}
