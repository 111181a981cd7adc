using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Http;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Swimlane;

public sealed class SwimlaneWireTests
{
    private const string Token = "swim-TOKEN-secret";

    private static JsonObject Mapping(string id, string type = "text") => new() { ["id"] = id, ["key"] = id + "-key", ["name"] = id, ["fieldType"] = type };

    /// <summary>Swimlane records: stored by id, patched, comments per record; the private token required.</summary>
    private sealed class SwimlaneFake
    {
        public Dictionary<string, JsonObject> Records { get; } = [];

        public List<string> Comments { get; } = [];

        public async Task HandleAsync(HttpContext context)
        {
            var request = LoopbackServer.Recorded(context);
            context.Response.ContentType = "application/json";
            if (request.Header("Private-Token") != Token)
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsync("{\"Argument\":\"token\",\"ErrorCode\":\"1001\"}");
                return;
            }

            var body = JsonNode.Parse(request.Body)!.AsObject();
            if (request.Path.EndsWith("/comment", StringComparison.Ordinal))
            {
                Comments.Add((string)body["message"]!);
                return;
            }

            var id = request.Method == "POST" ? $"rec{Records.Count + 1}" : request.Path.Split('/')[^1];
            var record = Records.TryGetValue(id, out var existing) ? existing : Records[id] = new JsonObject { ["id"] = id, ["values"] = new JsonObject() };
            foreach (var (k, v) in body["values"]!.AsObject())
            {
                record["values"]![k] = v?.DeepClone();
            }

            await context.Response.WriteAsync(new JsonObject
            {
                ["id"] = id, ["name"] = $"ABC-{id}", ["createdDate"] = "2026-12-04T12:00:00.000Z", ["modifiedDate"] = "2026-12-04T12:30:00.000Z",
            }.ToJsonString());
        }
    }

    [Fact]
    public async Task PushToService_CreateThenUpdateWithComments_MappedValuesAndOneRecord()
    {
        await using var server = await LoopbackServer.StartAsync();
        var fake = new SwimlaneFake();
        server.Fallback = fake.HandleAsync;
        await using var host = Host(fakeTime: true);
        var connector = await host.CreateAsync(
            ".swimlane",
            new JsonObject
            {
                ["apiUrl"] = server.Url("/"),
                ["appId"] = "app1",
                ["connectorType"] = "all",
                ["mappings"] = new JsonObject
                {
                    ["ruleNameConfig"] = Mapping("f-rule"), ["alertIdConfig"] = Mapping("f-alert"), ["severityConfig"] = Mapping("f-sev", "numeric"),
                    ["commentsConfig"] = Mapping("f-comments", "comments"),
                },
            },
            new JsonObject { ["apiToken"] = Token });
        JsonObject Push(JsonObject incident, JsonArray? comments = null) => new()
        {
            ["subAction"] = "pushToService",
            ["subActionParams"] = new JsonObject { ["incident"] = incident, ["comments"] = comments },
        };

        var created = await host.RunAsync(connector, Push(new JsonObject { ["ruleName"] = "{{rule.name}}", ["alertId"] = "a1", ["severity"] = "high", ["caseName"] = "unmapped" }), new { rule = new { name = "R" } });
        var updated = await host.RunAsync(connector, Push(new JsonObject { ["severity"] = "3", ["externalId"] = "rec1" }, new JsonArray(new JsonObject { ["comment"] = "again", ["commentId"] = "c" })));

        Assert.True(created.IsSuccess, created.ServiceMessage);
        var create = server.Requests[0];
        Assert.Equal(("POST", "/api/app/app1/record"), (create.Method, create.Path));
        Assert.Equal(Token, create.Header("Private-Token"));
        Assert.Equal("{\"applicationId\":\"app1\",\"values\":{\"f-rule\":\"R\",\"f-alert\":\"a1\",\"f-sev\":0}}", create.BodyText);
        Assert.Equal($"{{\"id\":\"rec1\",\"title\":\"ABC-rec1\",\"url\":\"{server.Url("/").TrimEnd('/')}/record/app1/rec1\",\"pushedDate\":\"2026-12-04T12:00:00.000Z\"}}", created.Data!.ToJsonString());
        Assert.True(updated.IsSuccess, updated.ServiceMessage);
        Assert.Equal(("PATCH", "/api/app/app1/record/rec1", "{\"applicationId\":\"app1\",\"id\":\"rec1\",\"values\":{\"f-sev\":3}}"), (server.Requests[1].Method, server.Requests[1].Path, server.Requests[1].BodyText));
        Assert.Equal("/api/app/app1/record/rec1/f-comments/comment", server.Requests[2].Path);
        Assert.Equal("{\"createdDate\":\"2026-12-04T12:00:00.000Z\",\"fieldId\":\"f-comments\",\"isRichText\":true,\"message\":\"again\"}", server.Requests[2].BodyText);
        Assert.Single(fake.Records);
        Assert.Equal(["again"], fake.Comments);
        Assert.Equal("2026-12-04T12:30:00.000Z", (string?)updated.Data!["pushedDate"]);
    }

    [Fact]
    public async Task PushToService_BadToken_SwimlaneTextWithArgumentAndCode()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = new SwimlaneFake().HandleAsync;
        await using var host = Host();
        var connector = await host.CreateAsync(
            ".swimlane",
            new JsonObject { ["apiUrl"] = server.Url("/api"), ["appId"] = "app1", ["connectorType"] = "alerts", ["mappings"] = new JsonObject() },
            new JsonObject { ["apiToken"] = "wrong" });

        var result = await host.RunAsync(connector, new JsonObject { ["subAction"] = "pushToService", ["subActionParams"] = new JsonObject { ["incident"] = new JsonObject() } });

        Assert.Equal("/api/app/app1/record", Assert.Single(server.Requests).Path);
        Assert.Equal("[Action][Swimlane]: Unable to create record in application with id app1. Status: 401. Error: Request failed with status code 401. Reason: token (1001)", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }
}
