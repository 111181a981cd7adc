using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Xsoar;

public sealed class XsoarWireTests
{
    private static async Task<(ConnectorsTestHost, global::Connectors.Connector)> CreateAsync(LoopbackServer server, string? keyId)
    {
        var host = Host();
        var connector = await host.CreateAsync(".xsoar", new JsonObject { ["url"] = server.Url("/") }, new JsonObject { ["apiKey"] = "xsoar-KEY-secret", ["apiKeyID"] = keyId });
        return (host, connector);
    }

    [Fact]
    public async Task GetPlaybooks_Cloud_PrefixAndAuthIdHeader()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, "{\"playbooks\":[{\"id\":\"p1\",\"name\":\"Block IP\"}],\"total\":1}");
        var (host, connector) = await CreateAsync(server, "7");
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["subAction"] = "getPlaybooks", ["subActionParams"] = null });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/xsoar/public/v1/playbook/search", "{}"), (request.Method, request.Path, request.BodyText));
        Assert.Equal("xsoar-KEY-secret", request.Header("Authorization"));
        Assert.Equal("7", request.Header("x-xdr-auth-id"));
        Assert.Equal("Block IP", (string?)result.Data!["playbooks"]![0]!["name"]);
    }

    [Fact]
    public async Task Run_OnPrem_ParamsOverrideBodyAndRuleSeverity()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(201, "{\"id\":\"42\"}");
        var (host, connector) = await CreateAsync(server, null);
        await using var _ = host;

        var result = await host.RunAsync(
            connector,
            new JsonObject
            {
                ["subAction"] = "run",
                ["subActionParams"] = new JsonObject
                {
                    ["name"] = "{{rule.name}}", ["createInvestigation"] = false, ["severity"] = 0, ["isRuleSeverity"] = true,
                    ["body"] = "{\"name\":\"from body\",\"labels\":[{\"type\":\"x\"}]}",
                },
            },
            new { rule = new { name = "R" }, context = new { rule = new { severity = "high" } } });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("{}", result.Data!.ToJsonString());
        var request = Assert.Single(server.Requests);
        Assert.Equal("/incident", request.Path);
        Assert.Null(request.Header("x-xdr-auth-id"));
        Assert.Equal(
            "{\"name\":\"R\",\"labels\":[{\"type\":\"x\"}],\"playbookId\":null,\"createInvestigation\":false,\"severity\":3,\"isRuleSeverity\":true}",
            request.BodyText);
    }

    [Fact]
    public async Task Run_Forbidden_ApiErrorWithStatusText()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(403, "{}");
        var (host, connector) = await CreateAsync(server, null);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject
        {
            ["subAction"] = "run",
            ["subActionParams"] = new JsonObject { ["name"] = "n", ["createInvestigation"] = true, ["severity"] = 1 },
        });

        Assert.Equal("Status code: 403. Message: API Error: Forbidden", result.ServiceMessage);
        Assert.DoesNotContain("KEY-secret", result.ServiceMessage, StringComparison.Ordinal);
    }
}
