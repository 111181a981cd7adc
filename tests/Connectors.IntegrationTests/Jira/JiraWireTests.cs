using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Jira;

public sealed class JiraWireTests
{
    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector, JiraFake Fake)> CreateAsync(LoopbackServer server, string token = JiraFake.ApiToken)
    {
        var fake = new JiraFake();
        server.Fallback = fake.HandleAsync;
        var host = Host();
        var connector = await host.CreateAsync(
            ".jira", new JsonObject { ["apiUrl"] = server.Url("/"), ["projectKey"] = "OPS" }, new JsonObject { ["email"] = JiraFake.Email, ["apiToken"] = token });
        return (host, connector, fake);
    }

    private static JsonObject Push(JsonObject incident, JsonArray? comments = null) => new()
    {
        ["subAction"] = "pushToService",
        ["subActionParams"] = new JsonObject { ["incident"] = incident, ["comments"] = comments },
    };

    private static JsonObject Sub(string name, JsonObject? p = null) => new() { ["subAction"] = name, ["subActionParams"] = p ?? [] };

    [Fact]
    public async Task PushToService_CreateWithoutIssueType_FirstCreatemetaTypeThenFieldsThenReadBack()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Push(new JsonObject
        {
            ["summary"] = "CPU high\n  on web-1 \r\n",
            ["description"] = "d",
            ["labels"] = new JsonArray("cpu", "prod"),
            ["priority"] = "High",
            ["parent"] = "OPS-0",
            ["otherFields"] = "{\"customfield_1\":\"x\",\"project\":{\"id\":\"1\"}}",
        }));

        Assert.True(result.IsSuccess, result.ServiceMessage ?? result.Message);
        Assert.Collection(
            server.Requests,
            types =>
            {
                Assert.Equal(("GET", "/rest/api/2/issue/createmeta/OPS/issuetypes"), (types.Method, types.Path));
                Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{JiraFake.Email}:{JiraFake.ApiToken}")), types.Header("Authorization"));
            },
            create =>
            {
                Assert.Equal(("POST", "/rest/api/2/issue"), (create.Method, create.Path));
                Assert.Equal(
                    "{\"fields\":{\"summary\":\"CPU high, on web-1\",\"project\":{\"id\":\"1\"},\"issuetype\":{\"id\":\"10006\"},\"description\":\"d\","
                    + "\"labels\":[\"cpu\",\"prod\"],\"priority\":{\"name\":\"High\"},\"parent\":{\"key\":\"OPS-0\"},\"customfield_1\":\"x\"}}",
                    create.BodyText);
            },
            get => Assert.Equal(("GET", "/rest/api/2/issue/10001"), (get.Method, get.Path)));
        Assert.Equal(
            $"{{\"title\":\"OPS-1\",\"id\":\"10001\",\"pushedDate\":\"2026-12-04T12:00:00.000Z\",\"url\":\"{server.Url("/")}browse/OPS-1\"}}",
            result.Data!.ToJsonString());
        Assert.Single(fake.Issues);
    }

    [Fact]
    public async Task PushToService_UpdateWithComments_PutThenCommentsSkippingEmpty()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        await host.RunAsync(connector, Push(new JsonObject { ["summary"] = "s", ["issueType"] = "10007" }));

        var result = await host.RunAsync(connector, Push(
            new JsonObject { ["summary"] = "s2", ["externalId"] = "10001", ["description"] = null },
            new JsonArray(new JsonObject { ["comment"] = "firing again", ["commentId"] = "a" }, new JsonObject { ["comment"] = "", ["commentId"] = "b" })));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var requests = server.Requests.Skip(2).ToList();
        Assert.Equal(("PUT", "/rest/api/2/issue/10001", "{\"fields\":{\"summary\":\"s2\",\"project\":{\"key\":\"OPS\"}}}"), (requests[0].Method, requests[0].Path, requests[0].BodyText));
        Assert.Equal(("GET", "/rest/api/2/issue/10001"), (requests[1].Method, requests[1].Path));
        Assert.Equal(("POST", "/rest/api/2/issue/10001/comment", "{\"body\":\"firing again\"}"), (requests[2].Method, requests[2].Path, requests[2].BodyText));
        Assert.Equal(3, requests.Count);
        Assert.Equal(["firing again"], fake.Comments["10001"]);
        Assert.Equal("2026-12-04T12:00:01.000Z", (string?)result.Data!["pushedDate"]);
        Assert.Equal("[{\"commentId\":\"a\",\"pushedDate\":\"2026-12-04T12:00:02.000Z\"}]", result.Data["comments"]!.ToJsonString());
        Assert.Single(fake.Issues);
    }

    [Fact]
    public async Task PushToService_NoIssueTypes_JiraErrorsAsReason()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.NoIssueTypes = true;

        var result = await host.RunAsync(connector, Push(new JsonObject { ["summary"] = "s" }));

        Assert.Equal("{\"fields\":{\"summary\":\"s\",\"project\":{\"key\":\"OPS\"}}}", server.Requests[1].BodyText);
        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("[Action][Jira]: Unable to create incident. Error: Request failed with status code 400. Reason: issue type is required", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Null(result.Retry);
    }

    [Fact]
    public async Task Execute_BadToken_401WithErrorMessagesAndNoSecret()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server, "wrong-TOKEN");
        await using var __ = host;

        var result = await host.RunAsync(connector, Sub("getIncident", new JsonObject { ["externalId"] = "OPS-1" }));

        Assert.Equal(
            "[Action][Jira]: Unable to get incident with id OPS-1. Error: Request failed with status code 401. Reason: You are not authenticated. Authentication required to perform this operation.",
            result.ServiceMessage);
        Assert.DoesNotContain("TOKEN", $"{result.Message}{result.ServiceMessage}{host.AllLogText()}", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ServerError_RetryLaterNullReason()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;
        server.Then(LoopbackServer.Respond(502));

        var result = await host.RunAsync(connector, Sub("issueTypes"));

        Assert.Equal("[Action][Jira]: Unable to get issue types. Error: Request failed with status code 502. Reason: unknown: errorResponse was null", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
    }

    [Fact]
    public async Task Execute_HtmlResponse_UnsupportedContentType()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;
        server.Then(LoopbackServer.Respond(200, "<html/>", "text/html"));

        var result = await host.RunAsync(connector, Sub("issue", new JsonObject { ["id"] = "1" }));

        Assert.Equal(
            $"[Action][Jira]: Unable to get issue with id 1. Error: Unsupported content type: text/html in GET {server.Url("/")}rest/api/2/issue/1. Supported content types: application/json. Reason: unknown: errorResponse was null",
            result.ServiceMessage);
    }

    [Fact]
    public async Task GetIncident_Existing_IdKeyDatesAndFields()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;
        await host.RunAsync(connector, Push(new JsonObject { ["summary"] = "s", ["issueType"] = "10006" }));

        var result = await host.RunAsync(connector, Sub("getIncident", new JsonObject { ["externalId"] = "OPS-1" }));

        Assert.Equal("10001", (string?)result.Data!["id"]);
        Assert.Equal("OPS-1", (string?)result.Data["key"]);
        Assert.Equal("2026-12-04T12:00:00.000+0000", (string?)result.Data["created"]);
        Assert.Equal("s", (string?)result.Data["summary"]);
    }

    [Fact]
    public async Task IssueTypesAndFields_Createmeta_ShapesAndIntersection()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var types = await host.RunAsync(connector, Sub("issueTypes"));
        var fields = await host.RunAsync(connector, Sub("fieldsByIssueType", new JsonObject { ["id"] = "10007" }));
        var common = await host.RunAsync(connector, Sub("getFields"));

        Assert.Equal("[{\"id\":\"10006\",\"name\":\"Task\"},{\"id\":\"10007\",\"name\":\"Bug\"}]", types.Data!.ToJsonString());
        Assert.Equal("/rest/api/2/issue/createmeta/OPS/issuetypes/10007", server.Requests[1].Path);
        Assert.Equal(
            "{\"required\":true,\"allowedValues\":[],\"defaultValue\":{},\"schema\":{\"type\":\"string\"},\"name\":\"Summary\"}",
            fields.Data!["summary"]!.ToJsonString());
        Assert.NotNull(fields.Data["environment"]);
        Assert.Equal(["summary", "priority"], common.Data!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Issues_SummarySearch_EscapedJqlAndTitles()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;
        await host.RunAsync(connector, Push(new JsonObject { ["summary"] = "disk-full", ["issueType"] = "10006" }));

        var result = await host.RunAsync(connector, Sub("issues", new JsonObject { ["title"] = "disk-full" }));
        var one = await host.RunAsync(connector, Sub("issue", new JsonObject { ["id"] = "OPS-1" }));

        var search = server.Requests[^2];
        Assert.Equal("/rest/api/2/search/jql", search.Path);
        Assert.Equal("?jql=" + Uri.EscapeDataString("project=\"OPS\" and summary ~\"disk\\\\-full\"") + "&fields=summary,key", search.QueryString);
        Assert.Equal("[{\"id\":\"10001\",\"key\":\"OPS-1\",\"title\":\"disk-full\"}]", result.Data!.ToJsonString());
        Assert.Equal("{\"id\":\"10001\",\"key\":\"OPS-1\",\"title\":\"disk-full\"}", one.Data!.ToJsonString());
    }

    [Theory]
    [InlineData("{\"summary\":\"s\",\"labels\":[\"has space\"]}", "[subActionParams.incident.labels]: The label has space cannot contain spaces")]
    [InlineData("{\"summary\":\"s\",\"otherFields\":{\"summary\":\"x\"}}", "[subActionParams.incident.otherFields]: The following properties cannot be defined inside otherFields: summary.")]
    [InlineData("{\"labels\":[]}", "summary")]
    public async Task PushToService_InvalidIncident_ValidationError(string incident, string expected)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var result = await host.RunAsync(connector, Push(JsonNode.Parse(incident)!.AsObject()));

        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ListConnectorTypes_Jira_KibanaIdentity()
    {
        await using var host = Host();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == ".jira");

        Assert.Equal("Jira", type.Name);
        Assert.Equal(LicenseLevel.Gold, type.MinimumLicenseRequired);
        Assert.Equal(["alerting", "cases", "uptime", "siem", "workflows"], type.SupportedFeatureIds);
    }
}
