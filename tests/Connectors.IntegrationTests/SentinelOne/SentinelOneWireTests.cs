using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.SentinelOne;

public sealed class SentinelOneWireTests
{
    private const string ApiToken = "s1-API-token+secret/value";
    private const string EncodedToken = "s1-API-token%2Bsecret%2Fvalue";

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector)> CreateAsync(
        LoopbackServer server, Action<ConnectorsOptions>? configure = null)
    {
        var host = Host(
            o =>
            {
                o.License = LicenseLevel.Enterprise;
                configure?.Invoke(o);
            },
            fakeTime: true);
        var connector = await host.CreateAsync(".sentinelone", new JsonObject { ["url"] = server.Url("/").TrimEnd('/') }, new JsonObject { ["token"] = ApiToken });
        return (host, connector);
    }

    private static JsonObject Call(string subAction, JsonObject? subActionParams = null) =>
        new() { ["subAction"] = subAction, ["subActionParams"] = subActionParams };

    private static string Agents(string networkStatus) =>
        $"{{\"pagination\":{{\"totalItems\":1,\"nextCursor\":null}},\"errors\":null,\"data\":[{{\"id\":\"agent-1\",\"computerName\":\"host 1\",\"networkStatus\":\"{networkStatus}\"}}]}}";

    [Fact]
    public async Task GetAgents_FilterInKibanaOrderThenApiToken_RawBody()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        server.Then(LoopbackServer.Json(200, Agents("connected")));

        var result = await host.RunAsync(connector, Call("getAgents", new JsonObject
        {
            ["ids"] = "1,2",
            ["computerName"] = "host 1",
            ["isActive"] = null,
            ["alertIds"] = new JsonArray("al-1"),
        }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(Agents("connected"), result.Data!.ToJsonString());
        var request = Assert.Single(server.Requests);
        Assert.Equal(("GET", "/web/api/v2.1/agents"), (request.Method, request.Path));
        Assert.Equal($"?computerName=host+1&ids=1,2&alertIds[]=al-1&APIToken={EncodedToken}", request.QueryString);
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task IsolateHost_FindsAgentThenDisconnects()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        server.Then(LoopbackServer.Json(200, Agents("connected")), LoopbackServer.Json(200, "{\"data\":{\"affected\":1}}"));

        var result = await host.RunAsync(connector, Call("isolateHost", new JsonObject { ["uuid"] = "u-1", ["alertIds"] = new JsonArray("al-1") }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("{\"data\":{\"affected\":1}}", result.Data!.ToJsonString());
        Assert.Equal($"?uuid=u-1&APIToken={EncodedToken}", server.Requests[0].QueryString);
        var disconnect = server.Requests[1];
        Assert.Equal(("POST", "/web/api/v2.1/agents/actions/disconnect", $"?APIToken={EncodedToken}"), (disconnect.Method, disconnect.Path, disconnect.QueryString));
        Assert.Equal("application/json", disconnect.Header("Content-Type"));
        Assert.Equal("{\"filter\":{\"ids\":\"agent-1\"}}", disconnect.BodyText);
    }

    [Theory]
    [InlineData("isolateHost", "disconnected", "Agent already isolated")]
    [InlineData("releaseHost", "connected", "Agent not isolated")]
    public async Task NetworkAction_AgentAlreadyInState_Refused(string subAction, string status, string message)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        server.Then(LoopbackServer.Json(200, Agents(status)));

        var result = await host.RunAsync(connector, Call(subAction, new JsonObject { ["computerName"] = "host 1" }));

        Assert.Equal(message, result.ServiceMessage);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ReleaseHost_Isolated_Connects()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        server.Then(LoopbackServer.Json(200, Agents("disconnected")), LoopbackServer.Json(200, "{\"data\":{\"affected\":1}}"));

        var result = await host.RunAsync(connector, Call("releaseHost", new JsonObject { ["computerName"] = "host 1" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("/web/api/v2.1/agents/actions/connect", server.Requests[1].Path);
    }

    [Fact]
    public async Task IsolateHost_NoAgent_NoAgentsFound()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        server.Then(LoopbackServer.Json(200, "{\"pagination\":{\"totalItems\":0},\"data\":[]}"));

        var result = await host.RunAsync(connector, Call("isolateHost", new JsonObject { ["computerName"] = "nope" }));

        Assert.Equal("No agents found", result.ServiceMessage);
    }

    [Fact]
    public async Task IsolateHost_FromAlerts_ComputerNameOfFirstAlert()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        server.Then(LoopbackServer.Json(200, Agents("connected")), LoopbackServer.Json(200, "{\"data\":{\"affected\":1}}"));

        var result = await host.RunAsync(
            connector,
            Call("isolateHost", new JsonObject { ["computerName"] = "{{ignored}}" }),
            new { context = new { alerts = new object[] { new { _id = "al-1", host = new { name = "host 1" } }, new { _id = "al-2", host = new { name = "other" } } } } });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal($"?computerName=host+1&APIToken={EncodedToken}", server.Requests[0].QueryString);
    }

    [Fact]
    public async Task ExecuteScript_DataAndFilter()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        const string answer = "{\"data\":{\"pendingExecutionId\":null,\"affected\":1,\"parentTaskId\":\"p-1\",\"pending\":false}}";
        server.Then(LoopbackServer.Json(200, answer));

        var result = await host.RunAsync(connector, Call("executeScript", new JsonObject
        {
            ["filter"] = new JsonObject { ["ids"] = "agent-1" },
            ["script"] = new JsonObject { ["taskDescription"] = "collect", ["scriptId"] = "s-1", ["inputParams"] = "-x" },
            ["alertIds"] = new JsonArray("al-1"),
        }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(answer, result.Data!.ToJsonString());
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/web/api/v2.1/remote-scripts/execute", $"?APIToken={EncodedToken}"), (request.Method, request.Path, request.QueryString));
        Assert.Equal(
            "{\"data\":{\"outputDestination\":\"SentinelCloud\",\"inputParams\":\"-x\",\"scriptId\":\"s-1\",\"taskDescription\":\"collect\"},\"filter\":{\"ids\":\"agent-1\"}}",
            request.BodyText);
    }

    [Fact]
    public async Task ExecuteScript_NoIdsOrUuids_FilterRequired()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Call("executeScript", new JsonObject
        {
            ["filter"] = new JsonObject(),
            ["script"] = new JsonObject { ["scriptId"] = "s-1" },
        }));

        Assert.Equal("A filter must be defined; either 'ids' or 'uuids'", result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task RemoteScripts_StatusAndActivities_Queries()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        server.Fallback = LoopbackServer.Json(200, "{\"data\":[]}");

        var list = await host.RunAsync(connector, Call("getRemoteScripts", new JsonObject { ["osTypes"] = "windows", ["limit"] = 5, ["isAvailableForArs"] = true }));
        var status = await host.RunAsync(connector, Call("getRemoteScriptStatus", new JsonObject { ["parentTaskId"] = "p-1", ["extra"] = "kept out" }));
        var activities = await host.RunAsync(connector, Call("getActivities"));
        var filtered = await host.RunAsync(connector, Call("getActivities", new JsonObject { ["agentIds"] = "a-1", ["sortOrder"] = "desc", ["limit"] = 1 }));

        Assert.True(list.IsSuccess && status.IsSuccess && activities.IsSuccess && filtered.IsSuccess, list.ServiceMessage + status.ServiceMessage + activities.ServiceMessage);
        Assert.Equal(
            [
                ("/web/api/v2.1/remote-scripts", $"?osTypes=windows&isAvailableForArs=true&limit=5&APIToken={EncodedToken}"),
                ("/web/api/v2.1/remote-scripts/status", $"?parent_task_id=p-1&APIToken={EncodedToken}"),
                ("/web/api/v2.1/activities", $"?APIToken={EncodedToken}"),
                ("/web/api/v2.1/activities", $"?agentIds=a-1&limit=1&sortOrder=desc&APIToken={EncodedToken}"),
            ],
            server.Requests.Select(r => (r.Path, r.QueryString)));
    }

    [Fact]
    public async Task FetchAgentFiles_Posted()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        server.Then(LoopbackServer.Json(200, "{\"data\":{\"success\":true}}"));

        var result = await host.RunAsync(connector, Call("fetchAgentFiles", new JsonObject
        {
            ["agentId"] = "agent-1", ["zipPassCode"] = "0123456789", ["files"] = new JsonArray("/etc/hosts"),
        }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(("/web/api/v2.1/agents/agent-1/actions/fetch-files", "{\"data\":{\"password\":\"0123456789\",\"files\":[\"/etc/hosts\"]}}"), (server.Requests[0].Path, server.Requests[0].BodyText));
    }

    [Fact]
    public async Task DownloadAgentFile_WithToken_Base64()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        byte[] zip = [0x50, 0x4B, 0x03, 0x04, 0x00, 0xFF];
        server.Then(async context =>
        {
            context.Response.ContentType = "application/zip";
            await context.Response.Body.WriteAsync(zip);
        });

        var result = await host.RunAsync(connector, Call("downloadAgentFile", new JsonObject { ["agentId"] = "agent-1", ["activityId"] = "act-9" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("{\"contentType\":\"application/zip\",\"content\":\"UEsDBAD/\"}", result.Data!.ToJsonString());
        Assert.Equal(("GET", "/web/api/v2.1/agents/agent-1/uploads/act-9", $"?APIToken={EncodedToken}"), (server.Requests[0].Method, server.Requests[0].Path, server.Requests[0].QueryString));
    }

    [Fact]
    public async Task DownloadRemoteScriptResults_LinkFetchedWithoutToken()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        var link = server.Url("/files/result.zip?sig=x");
        server.Then(
            LoopbackServer.Json(200, $"{{\"data\":{{\"download_links\":[{{\"taskId\":\"other\",\"downloadUrl\":\"nope\"}},{{\"taskId\":\"t-1\",\"downloadUrl\":\"{link}\",\"fileName\":\"r.zip\"}}]}}}}"),
            LoopbackServer.Respond(200, "zipbytes", "application/zip"));

        var result = await host.RunAsync(connector, Call("downloadRemoteScriptResults", new JsonObject { ["taskId"] = "t-1" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(("POST", "/web/api/v2.1/remote-scripts/fetch-files", "{\"data\":{\"taskIds\":[\"t-1\"]}}"), (server.Requests[0].Method, server.Requests[0].Path, server.Requests[0].BodyText));
        Assert.Equal(("GET", "/files/result.zip", "?sig=x"), (server.Requests[1].Method, server.Requests[1].Path, server.Requests[1].QueryString));
        Assert.Equal("zipbytes", Encoding.UTF8.GetString(Convert.FromBase64String((string)result.Data!["content"]!)));
    }

    [Fact]
    public async Task DownloadRemoteScriptResults_NoLink_NotFound()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        server.Then(LoopbackServer.Json(200, "{\"data\":{\"download_links\":[]}}"));

        var result = await host.RunAsync(connector, Call("downloadRemoteScriptResults", new JsonObject { ["taskId"] = "t-1" }));

        Assert.Equal("Download URL for script results of task id [t-1] not found", result.ServiceMessage);
    }

    [Fact]
    public async Task DownloadLink_HostNotAllowed_RefusedWithoutTheLinksSecret()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server, o => o.AllowedHosts = ["127.0.0.1"]);
        await using var _ = host;
        server.Then(LoopbackServer.Json(200, "{\"data\":{\"download_links\":[{\"taskId\":\"t-1\",\"downloadUrl\":\"https://s3.example.invalid/r.zip?X-Amz-Signature=SIG\"}]}}"));

        var result = await host.RunAsync(connector, Call("downloadRemoteScriptResults", new JsonObject { ["taskId"] = "t-1" }));

        Assert.Equal(
            "error configuring connector action: target url \"https://s3.example.invalid\" is not added to the Kibana config xpack.actions.allowedHosts",
            result.ServiceMessage);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Unauthorized_KibanaTextWithBody_User()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        server.Then(LoopbackServer.Json(401, "{\"errors\":[{\"code\":4010010,\"title\":\"Authentication Failed\"}]}"));

        var result = await host.RunAsync(connector, Call("getAgents", new JsonObject()));

        Assert.Equal(
            "Status code: 401. Message: Unauthorized API Error (401)\nResponse body: {\"errors\":[{\"code\":4010010,\"title\":\"Authentication Failed\"}]}",
            result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ServerError_StatusTextAndAxiosMessage_RetryLater()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        server.Then(LoopbackServer.Json(502, "{\"errors\":[{\"title\":\"Bad Gateway\"}]}"));

        var result = await host.RunAsync(connector, Call("getRemoteScripts", new JsonObject()));

        Assert.Equal(
            "Status code: 502. Message: API Error: [Bad Gateway] Request failed with status code 502\nResponse body: {\"errors\":[{\"title\":\"Bad Gateway\"}]}",
            result.ServiceMessage);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
        Assert.Null(result.Retry!.RetryAt);
    }

    [Fact]
    public async Task TooManyRequests_RetryAfter_RetryAt()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        server.Then(LoopbackServer.Json(429, "{}", ("Retry-After", "45")));

        var result = await host.RunAsync(connector, Call("getActivities", new JsonObject()));

        Assert.Equal("Status code: 429. Message: API Error: [Too Many Requests] Request failed with status code 429\nResponse body: {}", result.ServiceMessage);
        Assert.Equal(Now.AddSeconds(45), result.Retry!.RetryAt);
    }

    [Theory]
    [InlineData("getAgents", "{\"computerName\":1}", "[computerName]: expected value of type [string] but got [number]")]
    [InlineData("getAgents", "{\"hostname\":\"x\"}", "[hostname]: definition for this key is missing")]
    [InlineData("fetchAgentFiles", "{\"agentId\":\"a\",\"zipPassCode\":\"short\",\"files\":[\"f\"]}", "[zipPassCode]: value has length [5] but it must have a minimum length of [10].")]
    [InlineData("getRemoteScripts", "{\"limit\":0}", "[limit]: Value must be equal to or greater than [1].")]
    [InlineData("executeScript", "{\"filter\":{\"ids\":\"a\"},\"script\":{\"scriptId\":\"s\",\"outputDestination\":\"Mars\"}}", "[script.outputDestination]: expected one of [Local, None, SentinelCloud, SingularityXDR] but got [Mars]")]
    [InlineData("downloadAgentFile", "{\"agentId\":\"a\"}", "[activityId]: expected value of type [string] but got [undefined]")]
    public async Task BadParams_RequestValidationFailed(string subAction, string json, string error)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Call(subAction, JsonNode.Parse(json)!.AsObject()));

        Assert.Equal($"Request validation failed ({error})", result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Config_HostNotAllowed_Rejected()
    {
        await using var host = Host(o =>
        {
            o.License = LicenseLevel.Enterprise;
            o.AllowedHosts = ["usea1.sentinelone.net"];
        });

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() =>
            host.CreateAsync(".sentinelone", new JsonObject { ["url"] = "https://other.example.com" }, new JsonObject { ["token"] = ApiToken }));

        Assert.Contains("error validating url: target url \"https://other.example.com\" is not added to the Kibana config xpack.actions.allowedHosts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiToken_NeverInResultsErrorsOrLogs()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server, o => o.AllowedHosts = ["127.0.0.1"]);
        await using var _ = host;
        server.Then(LoopbackServer.Json(500, "{}"), LoopbackServer.Redirect("http://elsewhere.example.invalid/x"));
        var results = new List<ConnectorResult>
        {
            await host.RunAsync(connector, Call("getAgents", new JsonObject())),
            await host.RunAsync(connector, Call("getAgents", new JsonObject())),
        };
        var refused = await host.CreateAsync(".sentinelone", new JsonObject { ["url"] = "http://127.0.0.1:9" }, new JsonObject { ["token"] = ApiToken });
        results.Add(await host.RunAsync(refused, Call("getAgents", new JsonObject())));

        foreach (var result in results)
        {
            Assert.False(result.IsSuccess);
            var text = $"{result.Message} {result.ServiceMessage} {result.Data?.ToJsonString()}";
            Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("secret", host.AllLogText(), StringComparison.OrdinalIgnoreCase);
    }
}
