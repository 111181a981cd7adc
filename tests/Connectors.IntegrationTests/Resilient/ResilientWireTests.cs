using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Http;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Resilient;

public sealed class ResilientWireTests
{
    private const string KeySecret = "resilient-SECRET";

    /// <summary>Resilient's org API: incidents stored and changed through changes[], field metadata, comments; basic auth.</summary>
    private sealed class ResilientFake
    {
        public Dictionary<int, JsonObject> Incidents { get; } = [];

        public List<JsonNode> Comments { get; } = [];

        private static readonly string Fields = """
            [{"name":"name","input_type":"text"},{"name":"description","input_type":"textarea"},
             {"name":"incident_type_ids","input_type":"multiselect","values":[{"value":19,"label":"Malware"},{"value":21,"label":"Phishing"}]},
             {"name":"severity_code","input_type":"select","values":[{"value":4,"label":"Low"},{"value":6,"label":"High"}]},
             {"name":"custom_flag","input_type":"boolean","prefix":"properties"}]
            """;

        public async Task HandleAsync(HttpContext context)
        {
            var request = LoopbackServer.Recorded(context);
            context.Response.ContentType = "application/json";
            if (request.Header("Authorization") != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"key-id:{KeySecret}")))
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsync("{\"success\":false,\"message\":\"Unauthorized\"}");
                return;
            }

            var path = request.Path["/rest/orgs/201".Length..];
            var body = request.Body.Length > 0 ? JsonNode.Parse(request.Body) : null;
            JsonNode answer;
            if (path == "/types/incident/fields")
            {
                answer = JsonNode.Parse(Fields)!;
            }
            else if (path.StartsWith("/types/incident/fields/", StringComparison.Ordinal))
            {
                answer = JsonNode.Parse(Fields)!.AsArray().First(f => (string?)f!["name"] == path.Split('/')[^1])!.DeepClone();
            }
            else if (request.Method == "POST" && path == "/incidents")
            {
                var id = 1000 + Incidents.Count + 1;
                var incident = (JsonObject)body!.DeepClone();
                incident["severity_code"] = incident["severity_code"]?["id"]?.DeepClone();
                incident["incident_type_ids"] = new JsonArray([.. (incident["incident_type_ids"] as JsonArray ?? []).Select(t => t!["id"]!.DeepClone())]);
                incident["id"] = id;
                incident["create_date"] = Now.ToUnixTimeMilliseconds();
                incident["inc_last_modified_date"] = Now.ToUnixTimeMilliseconds();
                Incidents[id] = incident;
                answer = incident.DeepClone();
            }
            else if (path.EndsWith("/comments", StringComparison.Ordinal))
            {
                Comments.Add(body!);
                answer = new JsonObject { ["id"] = 1 };
            }
            else
            {
                var id = int.Parse(path.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
                var incident = Incidents[id];
                if (request.Method == "PATCH")
                {
                    foreach (var change in body!["changes"]!.AsArray())
                    {
                        incident[(string)change!["field"]!["name"]!] = change["new_value"]!.AsObject().First().Value?.DeepClone();
                    }

                    incident["inc_last_modified_date"] = Now.AddMinutes(5).ToUnixTimeMilliseconds();
                    answer = new JsonObject { ["success"] = true, ["message"] = null };
                }
                else
                {
                    answer = incident.DeepClone();
                }
            }

            await context.Response.WriteAsync(answer.ToJsonString());
        }
    }

    private static async Task<(ConnectorsTestHost, global::Connectors.Connector, ResilientFake)> CreateAsync(LoopbackServer server, string secret = KeySecret)
    {
        var fake = new ResilientFake();
        server.Fallback = fake.HandleAsync;
        var host = Host(fakeTime: true);
        var connector = await host.CreateAsync(
            ".resilient", new JsonObject { ["apiUrl"] = server.Url("/").TrimEnd('/'), ["orgId"] = "201" }, new JsonObject { ["apiKeyId"] = "key-id", ["apiKeySecret"] = secret });
        return (host, connector, fake);
    }

    private static JsonObject Push(JsonObject incident, JsonArray? comments = null) => new()
    {
        ["subAction"] = "pushToService",
        ["subActionParams"] = new JsonObject { ["incident"] = incident, ["comments"] = comments },
    };

    [Fact]
    public async Task PushToService_CreateThenUpdate_BodyThenChangesDiffShapedByInputType()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;

        var created = await host.RunAsync(connector, Push(new JsonObject
        {
            ["name"] = "n", ["description"] = "d", ["incidentTypes"] = new JsonArray(19), ["severityCode"] = 4,
            ["additionalFields"] = new JsonObject { ["custom_flag"] = true },
        }));
        var updated = await host.RunAsync(connector, Push(
            new JsonObject { ["name"] = "n2", ["description"] = "d2", ["severityCode"] = 6, ["externalId"] = "1001" },
            new JsonArray(new JsonObject { ["comment"] = "again", ["commentId"] = "c" })));

        Assert.True(created.IsSuccess, created.ServiceMessage);
        var create = server.Requests[1];
        Assert.Equal(("POST", "/rest/orgs/201/incidents", "?text_content_output_format=objects_convert"), (create.Method, create.Path, create.QueryString));
        Assert.Equal(
            $"{{\"name\":\"n\",\"discovered_date\":{Now.ToUnixTimeMilliseconds()},\"description\":{{\"format\":\"html\",\"content\":\"d\"}},\"incident_type_ids\":[{{\"id\":19}}],\"severity_code\":{{\"id\":4}},\"properties\":{{\"custom_flag\":true}}}}",
            create.BodyText);
        Assert.Equal($"{{\"title\":\"1001\",\"id\":\"1001\",\"pushedDate\":\"2026-12-04T12:00:00.000Z\",\"url\":\"{server.Url("/").TrimEnd('/')}/#incidents/1001\"}}", created.Data!.ToJsonString());
        Assert.True(updated.IsSuccess, updated.ServiceMessage);
        var patch = server.Requests.Single(r => r.Method == "PATCH");
        Assert.Equal(
            "{\"changes\":[{\"field\":{\"name\":\"name\"},\"old_value\":{\"text\":\"n\"},\"new_value\":{\"text\":\"n2\"}},"
            + "{\"field\":{\"name\":\"description\"},\"old_value\":{\"textarea\":{\"format\":\"html\",\"content\":\"d\"}},\"new_value\":{\"textarea\":{\"format\":\"html\",\"content\":\"d2\"}}},"
            + "{\"field\":{\"name\":\"severity_code\"},\"old_value\":{\"id\":4},\"new_value\":{\"id\":6}}]}",
            patch.BodyText);
        Assert.Single(fake.Incidents);
        Assert.Equal("{\"text\":{\"format\":\"text\",\"content\":\"again\"}}", Assert.Single(fake.Comments).ToJsonString());
        Assert.Equal("2026-12-04T12:05:00.000Z", (string?)updated.Data!["pushedDate"]);
    }

    [Fact]
    public async Task IncidentTypesAndSeverity_FieldValues_IdAndName()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var types = await host.RunAsync(connector, new JsonObject { ["subAction"] = "incidentTypes", ["subActionParams"] = new JsonObject() });
        var severity = await host.RunAsync(connector, new JsonObject { ["subAction"] = "severity", ["subActionParams"] = new JsonObject() });

        Assert.Equal("[{\"id\":\"19\",\"name\":\"Malware\"},{\"id\":\"21\",\"name\":\"Phishing\"}]", types.Data!.ToJsonString());
        Assert.Equal("/rest/orgs/201/types/incident/fields/severity_code", server.Requests[1].Path);
        Assert.Equal("[{\"id\":\"4\",\"name\":\"Low\"},{\"id\":\"6\",\"name\":\"High\"}]", severity.Data!.ToJsonString());
    }

    [Fact]
    public async Task PushToService_BadSecret_UnauthorizedText()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server, "wrong");
        await using var __ = host;

        var result = await host.RunAsync(connector, Push(new JsonObject { ["name"] = "n" }));

        Assert.Equal("[Action][IBM Resilient]: Unable to create incident. Error: Status code: 401. Message: Unauthorized API Error.", result.ServiceMessage);
        Assert.DoesNotContain(KeySecret, $"{result.ServiceMessage}{host.AllLogText()}", StringComparison.Ordinal);
    }
}
