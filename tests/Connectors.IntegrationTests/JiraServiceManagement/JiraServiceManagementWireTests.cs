using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.JiraServiceManagement;

public sealed class JiraServiceManagementWireTests
{
    private const string ApiKey = "jsm-GENIE-key-secret";
    private const string Processed = "{\"result\":\"Request will be processed\",\"took\":0.1,\"requestId\":\"r-1\"}";

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector)> CreateAsync(LoopbackServer server, string path = "/")
    {
        server.Fallback = LoopbackServer.Json(202, Processed);
        var host = Host();
        var connector = await host.CreateAsync(".jira-service-management", new JsonObject { ["apiUrl"] = server.Url(path) }, new JsonObject { ["apiKey"] = ApiKey });
        return (host, connector);
    }

    [Fact]
    public async Task CreateAlert_RuleTagsAndTemplates_PostsToJsmAlertsWithGenieKey()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(
            connector,
            new JsonObject
            {
                ["subAction"] = "createAlert",
                ["subActionParams"] = new JsonObject
                {
                    ["message"] = "{{rule.name}} fired",
                    ["alias"] = "{{rule.id}}:{{alert.id}}",
                    ["tags"] = new JsonArray("static", "{{rule.tags}}"),
                    ["priority"] = "P2",
                },
            },
            new { rule = new { id = "r1", name = "CPU", tags = new[] { "a", "b" } }, alert = new { id = "x1" } });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/jsm/ops/integration/v2/alerts"), (request.Method, request.Path));
        Assert.Equal($"GenieKey {ApiKey}", request.Header("Authorization"));
        Assert.Equal("{\"message\":\"CPU fired\",\"alias\":\"r1:x1\",\"tags\":[\"static\",\"a\",\"b\"],\"priority\":\"P2\"}", request.BodyText);
        Assert.Equal(Processed, result.Data!.ToJsonString());
    }

    [Fact]
    public async Task CloseAlert_LongAlias_HashedAliasPathWithoutAliasInBody()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server, "/base/");
        await using var _ = host;
        var alias = new string('z', 600);
        var hashed = "sha-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(alias)));

        await host.RunAsync(connector, new JsonObject { ["subAction"] = "closeAlert", ["subActionParams"] = new JsonObject { ["alias"] = alias, ["note"] = "recovered" } });

        var request = Assert.Single(server.Requests);
        Assert.Equal($"/base/jsm/ops/integration/v2/alerts/{hashed}/close", request.Path);
        Assert.Equal("?identifierType=alias", request.QueryString);
        Assert.Equal("{\"note\":\"recovered\"}", request.BodyText);
    }

    [Fact]
    public async Task CreateAlert_Unauthorized_StatusCodeAndJsmMessage()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        server.Then(LoopbackServer.Json(401, "{\"message\":\"Key is not valid\",\"took\":0.0,\"requestId\":\"r\"}"));

        var result = await host.RunAsync(connector, new JsonObject { ["subAction"] = "createAlert", ["subActionParams"] = new JsonObject { ["message"] = "m" } });

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("Status code: 401. Message: Key is not valid", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.DoesNotContain(ApiKey, $"{result.ServiceMessage}{host.AllLogText()}", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_UnknownSubAction_NotRegistered()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["subAction"] = "pushToService" });

        Assert.Equal(
            $"Sub action \"pushToService\" is not registered. Connector id: {connector.Id}. Connector name: Jira Service Management. Connector type: .jira-service-management",
            result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ListConnectorTypes_Jsm_KibanaIdentity()
    {
        await using var host = Host();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == ".jira-service-management");

        Assert.Equal("Jira Service Management", type.Name);
        Assert.Equal(LicenseLevel.Platinum, type.MinimumLicenseRequired);
        Assert.Equal(["alerting", "uptime", "siem", "workflows", "agentBuilder"], type.SupportedFeatureIds);
    }
}
