using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Http;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.TheHive;

public sealed class TheHiveWireTests
{
    private const string ApiKey = "hive-API-key-secret";

    /// <summary>TheHive v1: cases stored and patched, comments counted, alerts stored; bearer key required.</summary>
    private sealed class TheHiveFake
    {
        public List<JsonObject> Cases { get; } = [];

        public List<string> Comments { get; } = [];

        public async Task HandleAsync(HttpContext context)
        {
            var request = LoopbackServer.Recorded(context);
            context.Response.ContentType = "application/json";
            if (request.Header("Authorization") != $"Bearer {ApiKey}")
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsync("{\"type\":\"AuthenticationError\",\"message\":\"Authentication failure\"}");
                return;
            }

            var body = JsonNode.Parse(request.Body)!.AsObject();
            JsonObject answer;
            switch (request.Method, request.Path)
            {
                case ("POST", "/api/v1/case"):
                    answer = (JsonObject)body.DeepClone();
                    answer["_id"] = $"~{Cases.Count + 1}";
                    answer["_type"] = "Case";
                    answer["_createdAt"] = Now.ToUnixTimeMilliseconds();
                    Cases.Add(answer);
                    break;
                case ("PATCH", _):
                    var found = Cases.First(c => request.Path.EndsWith((string)c["_id"]!, StringComparison.Ordinal));
                    foreach (var (k, v) in body)
                    {
                        found[k] = v?.DeepClone();
                    }

                    context.Response.StatusCode = 204;
                    return;
                case ("POST", _) when request.Path.EndsWith("/comment", StringComparison.Ordinal):
                    Comments.Add((string)body["message"]!);
                    answer = new JsonObject { ["_id"] = "c1", ["createdAt"] = 1, ["message"] = body["message"]!.DeepClone() };
                    break;
                default:
                    answer = (JsonObject)body.DeepClone();
                    answer["_id"] = "~alert";
                    break;
            }

            context.Response.StatusCode = 201;
            await context.Response.WriteAsync(answer.ToJsonString());
        }
    }

    private static async Task<(ConnectorsTestHost, global::Connectors.Connector, TheHiveFake)> CreateAsync(LoopbackServer server, string key = ApiKey)
    {
        var fake = new TheHiveFake();
        server.Fallback = fake.HandleAsync;
        var host = Host(fakeTime: true);
        var connector = await host.CreateAsync(".thehive", new JsonObject { ["url"] = server.Url("/"), ["organisation"] = "org-1" }, new JsonObject { ["apiKey"] = key });
        return (host, connector, fake);
    }

    [Fact]
    public async Task PushToService_CreateThenUpdateWithComment_OneCase()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;

        var created = await host.RunAsync(connector, new JsonObject
        {
            ["subAction"] = "pushToService",
            ["subActionParams"] = new JsonObject { ["incident"] = new JsonObject { ["title"] = "t", ["description"] = "d", ["severity"] = 2, ["tags"] = new JsonArray("a") } },
        });
        var updated = await host.RunAsync(connector, new JsonObject
        {
            ["subAction"] = "pushToService",
            ["subActionParams"] = new JsonObject
            {
                ["incident"] = new JsonObject { ["title"] = "t2", ["description"] = "d", ["externalId"] = "~1" },
                ["comments"] = new JsonArray(new JsonObject { ["comment"] = "again", ["commentId"] = "k" }),
            },
        });

        Assert.True(created.IsSuccess, created.ServiceMessage);
        var create = server.Requests[0];
        Assert.Equal(("POST", "/api/v1/case"), (create.Method, create.Path));
        Assert.Equal($"Bearer {ApiKey}", create.Header("Authorization"));
        Assert.Equal("org-1", create.Header("X-Organisation"));
        Assert.Equal("{\"title\":\"t\",\"description\":\"d\",\"severity\":2,\"tlp\":null,\"tags\":[\"a\"]}", create.BodyText);
        Assert.Equal($"{{\"id\":\"~1\",\"title\":\"t\",\"url\":\"{server.Url("/")}cases/~1/details\",\"pushedDate\":\"2026-12-04T12:00:00.000Z\"}}", created.Data!.ToJsonString());
        Assert.True(updated.IsSuccess, updated.ServiceMessage);
        Assert.Equal(("PATCH", "/api/v1/case/~1"), (server.Requests[1].Method, server.Requests[1].Path));
        Assert.Equal(("POST", "/api/v1/case/~1/comment", "{\"message\":\"again\"}"), (server.Requests[2].Method, server.Requests[2].Path, server.Requests[2].BodyText));
        Assert.Single(fake.Cases);
        Assert.Equal("t2", (string?)fake.Cases[0]["title"]);
        Assert.Equal(["again"], fake.Comments);
        Assert.Equal("[{\"commentId\":\"k\",\"pushedDate\":\"2026-12-04T12:00:00.000Z\"}]", updated.Data!["comments"]!.ToJsonString());
    }

    [Fact]
    public async Task CreateAlert_BodyJsonOverridesAndRuleSeverity_Posted()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var result = await host.RunAsync(
            connector,
            new JsonObject
            {
                ["subAction"] = "createAlert",
                ["subActionParams"] = new JsonObject
                {
                    ["title"] = "{{rule.name}}", ["description"] = "d", ["type"] = "external", ["source"] = "elastic", ["sourceRef"] = "{{alert.id}}",
                    ["isRuleSeverity"] = true, ["body"] = "{\"source\":\"override\"}",
                },
            },
            new { rule = new { name = "R" }, alert = new { id = "a1" }, context = new { rule = new { severity = "critical" } } });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/v1/alert", request.Path);
        Assert.Equal(
            "{\"title\":\"R\",\"description\":\"d\",\"type\":\"external\",\"source\":\"override\",\"sourceRef\":\"a1\",\"severity\":4,\"isRuleSeverity\":true,\"tlp\":null,\"tags\":null}",
            request.BodyText);
    }

    [Fact]
    public async Task PushToService_BadKey_ApiErrorTypeAndMessage()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server, "wrong");
        await using var __ = host;

        var result = await host.RunAsync(connector, new JsonObject
        {
            ["subAction"] = "pushToService",
            ["subActionParams"] = new JsonObject { ["incident"] = new JsonObject { ["title"] = "t", ["description"] = "d" } },
        });

        Assert.Equal("Status code: 401. Message: API Error: AuthenticationError - Authentication failure", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }
}
