using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Http;

namespace Connectors.IntegrationTests.Jira;

/// <summary>
/// Jira REST v2 as far as <c>.jira</c> needs it: issues (create, update with 204, get with fields), comments,
/// createmeta issue types and fields, JQL summary search, basic auth with <c>email:apiToken</c>.
/// </summary>
internal sealed class JiraFake
{
    public const string Email = "me@example.com";
    public const string ApiToken = "jira-TOKEN-secret";

    private readonly object gate = new();
    private int sequence;
    private int seconds;

    public List<JsonObject> Issues { get; } = [];

    public Dictionary<string, List<string>> Comments { get; } = [];

    public bool NoIssueTypes { get; set; }

    public async Task HandleAsync(HttpContext context)
    {
        var (status, body) = Handle(LoopbackServer.Recorded(context));
        context.Response.StatusCode = status;
        if (body is not null)
        {
            context.Response.ContentType = "application/json;charset=UTF-8";
            await context.Response.WriteAsync(body.ToJsonString());
        }
    }

    private (int, JsonNode?) Handle(RecordedRequest request)
    {
        lock (gate)
        {
            if (request.Header("Authorization") != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}:{ApiToken}")))
            {
                return (401, new JsonObject { ["errorMessages"] = new JsonArray("You are not authenticated. Authentication required to perform this operation."), ["errors"] = new JsonObject() });
            }

            var body = request.Body.Length > 0 ? JsonNode.Parse(request.Body) : null;
            var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[3..];
            switch (request.Method, segments)
            {
                case ("POST", ["issue"]):
                    var fields = body!["fields"]!.AsObject();
                    if (fields["summary"] is null || fields["issuetype"] is null)
                    {
                        return (400, new JsonObject { ["errorMessages"] = new JsonArray(), ["errors"] = new JsonObject { ["issuetype"] = "issue type is required" } });
                    }

                    var n = ++sequence;
                    var now = Now();
                    var issue = new JsonObject
                    {
                        ["id"] = (10000 + n).ToString(CultureInfo.InvariantCulture),
                        ["key"] = $"{(string?)fields["project"]?["key"] ?? "OPS"}-{n}",
                        ["fields"] = Merge(new JsonObject { ["created"] = now, ["updated"] = now }, fields),
                    };
                    Issues.Add(issue);
                    Comments[(string)issue["id"]!] = [];
                    return (201, new JsonObject { ["id"] = issue["id"]!.DeepClone(), ["key"] = issue["key"]!.DeepClone(), ["self"] = "x" });
                case ("PUT", ["issue", var id]):
                    if (Find(id) is not { } existing)
                    {
                        return NotFound();
                    }

                    existing["fields"]!["updated"] = Now();
                    Merge(existing["fields"]!.AsObject(), body!["fields"]!.AsObject());
                    return (204, null);
                case ("GET", ["issue", var id]):
                    return Find(id) is { } found ? (200, found.DeepClone()) : NotFound();
                case ("POST", ["issue", var id, "comment"]):
                    if (Find(id) is null)
                    {
                        return NotFound();
                    }

                    Comments[id].Add((string)body!["body"]!);
                    return (201, new JsonObject { ["id"] = $"c{Comments[id].Count}", ["created"] = Now(), ["body"] = body["body"]!.DeepClone() });
                case ("GET", ["issue", "createmeta", _, "issuetypes"]):
                    return (200, new JsonObject
                    {
                        ["issueTypes"] = NoIssueTypes ? new JsonArray() : new JsonArray(new JsonObject { ["id"] = "10006", ["name"] = "Task" }, new JsonObject { ["id"] = "10007", ["name"] = "Bug" }),
                    });
                case ("GET", ["issue", "createmeta", _, "issuetypes", var type]):
                    var list = new JsonArray(
                        new JsonObject { ["fieldId"] = "summary", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" }, ["name"] = "Summary" },
                        new JsonObject { ["fieldId"] = "priority", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "priority" }, ["name"] = "Priority", ["allowedValues"] = new JsonArray(new JsonObject { ["name"] = "High", ["id"] = "2" }), ["defaultValue"] = new JsonObject { ["name"] = "Medium", ["id"] = "3" } });
                    if (type == "10007")
                    {
                        list.Add(new JsonObject { ["fieldId"] = "environment", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "string" }, ["name"] = "Environment" });
                    }

                    return (200, new JsonObject { ["fields"] = list });
                case ("GET", ["search", "jql"]):
                    var jql = Uri.UnescapeDataString(request.QueryString.Split("jql=")[1].Split('&')[0]);
                    var term = jql.Split("summary ~\"")[1].TrimEnd('"').Replace("\\\\", string.Empty, StringComparison.Ordinal);
                    return (200, new JsonObject
                    {
                        ["issues"] = new JsonArray([.. Issues.Where(i => ((string)i["fields"]!["summary"]!).Contains(term, StringComparison.OrdinalIgnoreCase))
                            .Select(i => (JsonNode)new JsonObject { ["id"] = i["id"]!.DeepClone(), ["key"] = i["key"]!.DeepClone(), ["fields"] = new JsonObject { ["summary"] = i["fields"]!["summary"]!.DeepClone() } })]),
                    });
                default:
                    return (404, new JsonObject { ["errorMessages"] = new JsonArray("Not found"), ["errors"] = new JsonObject() });
            }
        }
    }

    private static (int, JsonNode?) NotFound() =>
        (404, new JsonObject { ["errorMessages"] = new JsonArray("Issue does not exist or you do not have permission to see it."), ["errors"] = new JsonObject() });

    private JsonObject? Find(string id) => Issues.FirstOrDefault(i => (string?)i["id"] == id || (string?)i["key"] == id);

    private string Now() => new DateTime(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc).AddSeconds(seconds++).ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+0000";

    private static JsonObject Merge(JsonObject target, JsonObject fields)
    {
        foreach (var (key, value) in fields)
        {
            target[key] = value?.DeepClone();
        }

        return target;
    }
}
