using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.Jira;

/// <summary>
/// Kibana's Jira external service (<c>jira/service.ts</c>): REST v2 with <c>Basic base64(email:apiToken)</c>,
/// issues read back after writes, createmeta issue types and fields, JQL summary search. Failures carry
/// <c>[Action][Jira]: &lt;what&gt;. Error: &lt;axios message&gt;. Reason: &lt;Jira's errors&gt;</c>.
/// </summary>
internal sealed partial class JiraService
{
    private readonly ConnectorExecutionContext context;
    private readonly JiraConfig config;
    private readonly string authorization;
    private readonly string baseUrl;

    public JiraService(ConnectorExecutionContext context, JiraConfig config, JiraSecrets secrets)
    {
        if (string.IsNullOrEmpty(config.ApiUrl) || string.IsNullOrEmpty(config.ProjectKey) || string.IsNullOrEmpty(secrets.Email) || string.IsNullOrEmpty(secrets.ApiToken))
        {
            throw new ExternalServiceException("[Action]Jira: Wrong configuration.", null);
        }

        this.context = context;
        this.config = config;
        authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{secrets.Email}:{secrets.ApiToken}"));
        baseUrl = config.ApiUrl.EndsWith('/') ? config.ApiUrl[..^1] : config.ApiUrl;
    }

    private string Api => $"{baseUrl}/rest/api/2";

    private string BrowseUrl(string key) => $"{baseUrl}/browse/{key}";

    public Task<JsonObject> GetIncidentAsync(string id, CancellationToken cancellationToken) =>
        Wrap($"Unable to get incident with id {id}", async () =>
        {
            var data = (JsonObject)(await SendAsync(HttpMethod.Get, $"{Api}/issue/{id}", null, ["id", "key"], cancellationToken).ConfigureAwait(false))!;
            var fields = data["fields"] as JsonObject ?? [];
            var result = new JsonObject
            {
                ["id"] = data["id"]?.DeepClone(),
                ["key"] = data["key"]?.DeepClone(),
                ["created"] = fields["created"]?.DeepClone(),
                ["updated"] = fields["updated"]?.DeepClone(),
            };
            foreach (var (key, value) in fields)
            {
                result[key] = value?.DeepClone();
            }

            return result;
        });

    /// <summary>Creates the issue (the first issue type when none is given) and reads it back.</summary>
    public Task<JsonObject> CreateIncidentAsync(JiraIncident incident, CancellationToken cancellationToken) =>
        Wrap("Unable to create incident", async () =>
        {
            var issueType = incident.IssueType;
            if (string.IsNullOrEmpty(issueType))
            {
                var types = await IssueTypesAsync(cancellationToken).ConfigureAwait(false);
                issueType = types.Count > 0 ? (string?)types[0]!["id"] ?? string.Empty : string.Empty;
            }

            var fields = CreateFields(incident with { IssueType = issueType });
            var created = await SendAsync(HttpMethod.Post, $"{Api}/issue", new JsonObject { ["fields"] = fields }, ["id"], cancellationToken).ConfigureAwait(false);
            var issue = await GetIncidentAsync(Text(created!["id"])!, cancellationToken).ConfigureAwait(false);
            return Summary(issue, "created");
        });

    public Task<JsonObject> UpdateIncidentAsync(string id, JiraIncident incident, CancellationToken cancellationToken) =>
        Wrap($"Unable to update incident with id {id}", async () =>
        {
            await SendAsync(HttpMethod.Put, $"{Api}/issue/{id}", new JsonObject { ["fields"] = CreateFields(incident) }, [], cancellationToken).ConfigureAwait(false);
            var issue = await GetIncidentAsync(id, cancellationToken).ConfigureAwait(false);
            return Summary(issue, "updated");
        });

    /// <summary>Posts a comment; returns <c>{commentId, externalCommentId, pushedDate}</c>.</summary>
    public Task<JsonObject> CreateCommentAsync(string id, JiraComment comment, CancellationToken cancellationToken) =>
        Wrap($"Unable to create comment at incident with id {id}", async () =>
        {
            var data = await SendAsync(HttpMethod.Post, $"{Api}/issue/{id}/comment", new JsonObject { ["body"] = comment.Comment }, ["id", "created"], cancellationToken)
                .ConfigureAwait(false);
            return new JsonObject
            {
                ["commentId"] = comment.CommentId,
                ["externalCommentId"] = data!["id"]?.DeepClone(),
                ["pushedDate"] = IsoDate(Text(data["created"])),
            };
        });

    /// <summary><c>[{id, name}]</c> from <c>issueTypes</c> (Cloud) or <c>values</c> (Data Center).</summary>
    public Task<JsonArray> IssueTypesAsync(CancellationToken cancellationToken) =>
        Wrap("Unable to get issue types", async () =>
        {
            var data = await SendAsync(HttpMethod.Get, $"{Api}/issue/createmeta/{config.ProjectKey}/issuetypes", null, [], cancellationToken).ConfigureAwait(false);
            var list = (data?["issueTypes"] ?? data?["values"]) as JsonArray ?? [];
            return new JsonArray([.. list.Select(t => (JsonNode)new JsonObject { ["id"] = t?["id"]?.DeepClone(), ["name"] = t?["name"]?.DeepClone() })]);
        });

    /// <summary><c>{fieldId: {required, allowedValues, defaultValue, schema, name}}</c>.</summary>
    public Task<JsonObject> FieldsByIssueTypeAsync(string issueTypeId, CancellationToken cancellationToken) =>
        Wrap("Unable to get fields", async () =>
        {
            var data = await SendAsync(HttpMethod.Get, $"{Api}/issue/createmeta/{config.ProjectKey}/issuetypes/{issueTypeId}", null, [], cancellationToken)
                .ConfigureAwait(false);
            var result = new JsonObject();
            foreach (var field in (data?["fields"] ?? data?["values"]) as JsonArray ?? [])
            {
                result[Text(field?["fieldId"]) ?? string.Empty] = new JsonObject
                {
                    ["required"] = field?["required"]?.DeepClone(),
                    ["allowedValues"] = field?["allowedValues"]?.DeepClone() ?? new JsonArray(),
                    ["defaultValue"] = field?["defaultValue"]?.DeepClone() ?? new JsonObject(),
                    ["schema"] = field?["schema"]?.DeepClone(),
                    ["name"] = field?["name"]?.DeepClone(),
                };
            }

            return result;
        });

    /// <summary>The fields every issue type has (values from the first type).</summary>
    public Task<JsonObject> GetFieldsAsync(CancellationToken cancellationToken) =>
        Wrap("Unable to get fields", async () =>
        {
            var types = await IssueTypesAsync(cancellationToken).ConfigureAwait(false);
            var perType = new List<JsonObject>();
            foreach (var type in types)
            {
                perType.Add(await FieldsByIssueTypeAsync(Text(type!["id"])!, cancellationToken).ConfigureAwait(false));
            }

            if (perType.Count == 0)
            {
                return new JsonObject();
            }

            var result = new JsonObject();
            foreach (var (key, value) in perType[0])
            {
                if (perType.TrueForAll(f => f.ContainsKey(key)))
                {
                    result[key] = value?.DeepClone();
                }
            }

            return result;
        });

    /// <summary>JQL summary search in the project: <c>[{id, key, title}]</c>.</summary>
    public Task<JsonArray> IssuesAsync(string title, CancellationToken cancellationToken) =>
        Wrap("Unable to get issues", async () =>
        {
            var jql = $"project=\"{config.ProjectKey}\" and summary ~\"{EscapeJql(title)}\"";
            var data = await SendAsync(HttpMethod.Get, $"{Api}/search/jql?jql={Uri.EscapeDataString(jql)}&fields=summary,key", null, [], cancellationToken)
                .ConfigureAwait(false);
            return new JsonArray([.. ((data?["issues"] as JsonArray) ?? []).Select(i => (JsonNode)IssueSummary(i))]);
        });

    public Task<JsonObject> IssueAsync(string id, CancellationToken cancellationToken) =>
        Wrap($"Unable to get issue with id {id}", async () =>
            IssueSummary(await SendAsync(HttpMethod.Get, $"{Api}/issue/{id}", null, [], cancellationToken).ConfigureAwait(false)));

    /// <summary>
    /// <c>createFields</c>: the summary's lines trimmed and joined with <c>, </c>, the project, then only the given fields
    /// (issue type, description, labels, priority, parent), then <c>otherFields</c> over everything.
    /// </summary>
    internal JsonObject CreateFields(JiraIncident incident)
    {
        var summary = string.Join(", ", incident.Summary.Split(['\n', '\r']).Select(s => s.Trim()).Where(s => s.Length > 0));
        var fields = new JsonObject { ["summary"] = summary, ["project"] = new JsonObject { ["key"] = config.ProjectKey } };
        if (!string.IsNullOrEmpty(incident.IssueType))
        {
            fields["issuetype"] = new JsonObject { ["id"] = incident.IssueType };
        }

        if (!string.IsNullOrEmpty(incident.Description))
        {
            fields["description"] = incident.Description;
        }

        if (incident.Labels is not null)
        {
            fields["labels"] = new JsonArray([.. incident.Labels.Select(l => (JsonNode)JsonValue.Create(l))]);
        }

        if (!string.IsNullOrEmpty(incident.Priority))
        {
            fields["priority"] = new JsonObject { ["name"] = incident.Priority };
        }

        if (!string.IsNullOrEmpty(incident.Parent))
        {
            fields["parent"] = new JsonObject { ["key"] = incident.Parent };
        }

        foreach (var (key, value) in JiraValidation.OtherFields(incident.OtherFields) ?? [])
        {
            fields[key] = value?.DeepClone();
        }

        return fields;
    }

    /// <summary><c>escapeJqlSpecialCharacters</c>: quotes removed, backslash doubled, <c>'</c> to <c>\\</c>, specials behind <c>\\</c>.</summary>
    internal static string EscapeJql(string text)
    {
        var s = text.Replace("\"", string.Empty, StringComparison.Ordinal)
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("'", "\\\\", StringComparison.Ordinal);
        return JqlSpecials().Replace(s, "\\\\$0");
    }

    [GeneratedRegex(@"[-!^+&*()\[\]/{}|:?~]")]
    private static partial Regex JqlSpecials();

    private static JsonObject IssueSummary(JsonNode? issue) => new()
    {
        ["id"] = issue?["id"]?.DeepClone(),
        ["key"] = issue?["key"]?.DeepClone(),
        ["title"] = issue?["fields"]?["summary"]?.DeepClone(),
    };

    private JsonObject Summary(JsonObject issue, string dateField)
    {
        var key = Text(issue["key"]) ?? string.Empty;
        return new JsonObject
        {
            ["title"] = key,
            ["id"] = issue["id"]?.DeepClone(),
            ["pushedDate"] = IsoDate(Text(issue[dateField])),
            ["url"] = BrowseUrl(key),
        };
    }

    /// <summary><c>new Date(jiraTime).toISOString()</c>; Jira writes offsets as <c>+0000</c>.</summary>
    private string IsoDate(string? value)
    {
        var text = value is null ? null : Offset().Replace(value, "$1:$2");
        return HttpResults.ToIsoString(
            text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? parsed
                : context.TimeProvider.GetUtcNow());
    }

    [GeneratedRegex(@"([+-]\d\d)(\d\d)$")]
    private static partial Regex Offset();

    /// <summary>One request; non-2xx throws with the body; 2xx other than 204 must be JSON with the required attributes.</summary>
    private async Task<JsonNode?> SendAsync(HttpMethod method, string url, JsonNode? body, string[] required, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = HttpResults.JsonContent(body);
        }

        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await context.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var text = await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false);
        var data = HttpResults.ParseBody(text);
        if (status is < 200 or >= 300)
        {
            throw new JiraHttpException(status, data, $"Request failed with status code {status}")
            {
                RetryAt = status == 429 ? HttpResults.RetryAt(response, context.TimeProvider) : null,
            };
        }

        if (status == 204)
        {
            return data;
        }

        var contentType = response.Content.Headers.ContentType?.ToString() ?? string.Empty;
        if (!contentType.Contains("application/json", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Unsupported content type: {contentType} in {method.Method} {url}. Supported content types: application/json");
        }

        if (text.Length > 0 && data is not JsonObject and not JsonArray)
        {
            throw new InvalidOperationException("Response is not a valid JSON");
        }

        if (required.Length > 0 && (data is JsonArray || required.Any(r => data?[r] is null)))
        {
            throw new InvalidOperationException($"Response is missing at least one of the expected fields: {string.Join(',', required)}");
        }

        return data;
    }

    /// <summary><c>[Action][Jira]: &lt;what&gt;. Error: &lt;message&gt;. Reason: &lt;reason&gt;</c>.</summary>
    private static async Task<T> Wrap<T>(string what, Func<Task<T>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (ExternalServiceException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var http = ex as JiraHttpException;
            var (status, body, retryAt) = (http?.Status, http?.Body, http?.RetryAt);
            var message = ex is HttpRequestException transport ? HttpResults.MessageOf(transport) : ex.Message;
            throw new ExternalServiceException($"[Action][Jira]: {what}. Error: {message}. Reason: {Reason(body)}", status, ex as HttpRequestException)
            {
                RetryAt = retryAt,
            };
        }
    }

    /// <summary><c>createErrorMessage</c>: <c>errorMessages</c> joined, else the <c>errors</c> values.</summary>
    private static string Reason(JsonNode? body)
    {
        if (body is not JsonObject response)
        {
            return "unknown: errorResponse was null";
        }

        if (response["errorMessages"] is JsonArray { Count: > 0 } messages)
        {
            return string.Join(", ", messages.Select(Text));
        }

        return response["errors"] is JsonObject errors
            ? string.Join(" ", errors.Select(e => Text(e.Value)))
            : "unknown: errorResponse.errors was null";
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString();
}

/// <summary>A non-2xx Jira response with its parsed body.</summary>
internal sealed class JiraHttpException(int status, JsonNode? body, string message) : Exception(message)
{
    public int Status { get; } = status;

    public JsonNode? Body { get; } = body;

    public DateTimeOffset? RetryAt { get; init; }
}
