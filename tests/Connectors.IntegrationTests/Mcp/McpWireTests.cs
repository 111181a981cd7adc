using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.IntegrationTests.Webhook;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Mcp;

public sealed class McpWireTests
{
    private const string Token = "mcp-bearer-SECRET-7f3a";
    private const string ThrownMessage = "an error occurred while running the action";

    private const string ToolsJson =
        "{\"tools\":["
        + "{\"description\":\"Echoes the message back.\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"message\":{\"description\":\"The text to echo.\",\"type\":\"string\"}},\"required\":[\"message\"]},\"name\":\"echo\"},"
        + "{\"description\":\"Adds two integers.\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"b\"]},\"name\":\"add\"}"
        + "]}";

    private static ConnectorsTestHost EnterpriseHost(Action<ConnectorsOptions>? configure = null) =>
        Host(
            o =>
            {
                o.License = LicenseLevel.Enterprise;
                configure?.Invoke(o);
            },
            fakeTime: true);

    private static Task<global::Connectors.Connector> CreateMcpAsync(
        ConnectorsTestHost host, string serverUrl, JsonObject? config = null, JsonObject? secrets = null)
    {
        var fullConfig = config ?? new JsonObject { ["authType"] = "bearer" };
        fullConfig["serverUrl"] = serverUrl;
        return host.CreateAsync(".mcp", fullConfig, secrets ?? new JsonObject { ["token"] = Token });
    }

    private static JsonObject Call(string subAction, JsonObject? subActionParams = null) =>
        subActionParams is null
            ? new() { ["subAction"] = subAction }
            : new() { ["subAction"] = subAction, ["subActionParams"] = subActionParams };

    private static JsonObject CallTool(string name, JsonObject? arguments = null) =>
        Call("callTool", arguments is null ? new JsonObject { ["name"] = name } : new JsonObject { ["name"] = name, ["arguments"] = arguments });

    [Fact]
    public async Task Execute_Test_ConnectsWithBearerAndReturnsServerCapabilities()
    {
        await using var server = await McpTestServer.StartAsync();
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(host, server.Endpoint);

        var result = await host.RunAsync(connector, Call("test"));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("{\"connected\":true,\"capabilities\":{\"tools\":{}}}", result.Data!.ToJsonString());
        Assert.NotEmpty(server.Requests);
        Assert.All(server.Requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("/mcp", r.Path);
            Assert.Equal($"Bearer {Token}", r.Header("Authorization"));
        });

        // Kibana's client identity: kibana-mcp-connector-<connector id>, version 1.0.0.
        Assert.Contains(server.Requests, r => r.Body.Contains($"{{\"name\":\"kibana-mcp-connector-{connector.Id}\",\"version\":\"1.0.0\"}}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Execute_ListTools_ReturnsBothToolsWithTheirSchemas()
    {
        await using var server = await McpTestServer.StartAsync();
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(host, server.Endpoint);

        var result = await host.RunAsync(connector, Call("listTools"));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(ToolsJson, result.Data!.ToJsonString());
        Assert.Equal(1, server.Count("tools/list"));
    }

    [Fact]
    public async Task Execute_ServerOfAnEarlierRevision_InitializeHandshakeSessionEndedAfterwards()
    {
        await using var server = await McpTestServer.StartAsync(stateful: true);
        server.InitializeOnly = true;
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(host, server.Endpoint);

        var list = await host.RunAsync(connector, Call("listTools"));
        var call = await host.RunAsync(connector, CallTool("add", new JsonObject { ["a"] = 40, ["b"] = 2 }));

        Assert.True(list.IsSuccess, list.ServiceMessage);
        Assert.Equal(ToolsJson, list.Data!.ToJsonString());
        Assert.Equal("{\"content\":[{\"type\":\"text\",\"text\":\"42\"}]}", call.Data!.ToJsonString());
        Assert.Equal(2, server.Count("initialize"));
        Assert.Contains(server.Requests, r => r.Body.Contains($"\"clientInfo\":{{\"name\":\"kibana-mcp-connector-{connector.Id}\",\"version\":\"1.0.0\"}}", StringComparison.Ordinal));

        // one session per operation, ended with DELETE (Kibana disconnects after each operation)
        var deletes = server.Requests.Where(r => r.Method == "DELETE").ToList();
        Assert.Equal(2, deletes.Count);
        Assert.All(deletes, d => Assert.False(string.IsNullOrEmpty(d.Header("Mcp-Session-Id"))));
        Assert.NotEqual(deletes[0].Header("Mcp-Session-Id"), deletes[1].Header("Mcp-Session-Id"));
        Assert.DoesNotContain(server.Requests, r => r.Method == "GET");
        Assert.All(server.Requests, r => Assert.Equal($"Bearer {Token}", r.Header("Authorization")));
    }

    [Fact]
    public async Task Execute_ListTools_CachedFor15MinutesPerConnector()
    {
        await using var server = await McpTestServer.StartAsync();
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(host, server.Endpoint);

        var first = await host.RunAsync(connector, Call("listTools"));
        var requestsAfterFirst = server.Requests.Count;
        var second = await host.RunAsync(connector, Call("listTools", []));
        host.Time!.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        var third = await host.RunAsync(connector, Call("listTools"));

        Assert.Equal(ToolsJson, first.Data!.ToJsonString());
        Assert.Equal(ToolsJson, second.Data!.ToJsonString());
        Assert.Equal(ToolsJson, third.Data!.ToJsonString());
        Assert.Equal(requestsAfterFirst, server.Requests.Count);
        Assert.Equal(1, server.Count("tools/list"));

        host.Time.Advance(TimeSpan.FromSeconds(1));
        var fourth = await host.RunAsync(connector, Call("listTools"));

        Assert.Equal(ToolsJson, fourth.Data!.ToJsonString());
        Assert.Equal(2, server.Count("tools/list"));

        // forceRefresh goes to the server (and refreshes the cache); another connector has its own entry.
        await host.RunAsync(connector, Call("listTools", new JsonObject { ["forceRefresh"] = true }));
        await host.RunAsync(connector, Call("listTools"));
        var other = await CreateMcpAsync(host, server.Endpoint);
        await host.RunAsync(other, Call("listTools"));

        Assert.Equal(4, server.Count("tools/list"));
    }

    [Fact]
    public async Task Execute_ListTools_FailureIsNotCached()
    {
        await using var server = await McpTestServer.StartAsync();
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(host, server.Endpoint);
        server.RefuseWith = 503;
        server.RefusalBody = "busy";

        var failed = await host.RunAsync(connector, Call("listTools"));
        server.RefuseWith = null;
        var succeeded = await host.RunAsync(connector, Call("listTools"));

        Assert.Equal("Streamable HTTP error: Error POSTing to endpoint: busy", failed.ServiceMessage);
        Assert.Equal(ErrorSource.Framework, failed.ErrorSource);
        Assert.Equal(ToolsJson, succeeded.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_CallTool_ReturnsTheToolsTextContent()
    {
        await using var server = await McpTestServer.StartAsync();
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(host, server.Endpoint);

        var echo = await host.RunAsync(connector, CallTool("echo", new JsonObject { ["message"] = "hi \"there\"" }));
        var add = await host.RunAsync(connector, CallTool("add", new JsonObject { ["a"] = 2, ["b"] = 3 }));

        Assert.True(echo.IsSuccess, echo.ServiceMessage);
        Assert.Equal("{\"content\":[{\"type\":\"text\",\"text\":\"Echo: hi \\u0022there\\u0022\"}]}", echo.Data!.ToJsonString());
        Assert.Equal("Echo: hi \"there\"", echo.Data!["content"]![0]!["text"]!.GetValue<string>());
        Assert.True(add.IsSuccess, add.ServiceMessage);
        Assert.Equal("{\"content\":[{\"type\":\"text\",\"text\":\"5\"}]}", add.Data!.ToJsonString());
        var call = Assert.Single(server.Requests, r => r.RpcMethod == "tools/call" && r.Body.Contains("\"add\"", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(call.Body);
        var parameters = body.RootElement.GetProperty("params");
        Assert.Equal("add", parameters.GetProperty("name").GetString());
        Assert.Equal("{\"a\":2,\"b\":3}", parameters.GetProperty("arguments").GetRawText());
    }

    [Fact]
    public async Task Execute_CallToolUnknown_McpErrorResult()
    {
        await using var server = await McpTestServer.StartAsync();
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(host, server.Endpoint);

        var result = await host.RunAsync(connector, CallTool("nope"));

        Assert.False(result.IsSuccess);
        Assert.Equal(ThrownMessage, result.Message);
        Assert.Equal("MCP error -32602: Unknown tool: 'nope'", result.ServiceMessage);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
        Assert.NotNull(result.Retry);
    }

    [Fact]
    public async Task Execute_CallToolThatFails_ErrorWithToolText()
    {
        await using var server = await McpTestServer.StartAsync(withFailingTool: true);
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(host, server.Endpoint);

        var result = await host.RunAsync(connector, CallTool("fail", new JsonObject { ["reason"] = "no disk" }));

        Assert.Equal(ThrownMessage, result.Message);
        Assert.Equal("Error calling tool 'fail' with arguments '{\"reason\":\"no disk\"}': An error occurred invoking 'fail': cannot do that: no disk", result.ServiceMessage);
    }

    [Fact]
    public async Task Execute_Server401_UserErrorWithTheServersBody()
    {
        await using var server = await McpTestServer.StartAsync();
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(host, server.Endpoint);
        server.RefuseWith = 401;

        var result = await host.RunAsync(connector, Call("listTools"));

        Assert.False(result.IsSuccess);
        Assert.Equal(ThrownMessage, result.Message);
        Assert.Equal("Streamable HTTP error: Error POSTing to endpoint: {\"error\":\"invalid_token\"}", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        var request = Assert.Single(server.Requests);
        Assert.Equal($"Bearer {Token}", request.Header("Authorization"));
    }

    [Fact]
    public async Task Execute_ServerEchoesTheToken_TokenRedacted()
    {
        await using var server = await McpTestServer.StartAsync();
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(host, server.Endpoint);
        server.RefuseWith = 403;
        server.RefusalBody = $"token {Token} is revoked";

        var result = await host.RunAsync(connector, Call("test"));

        Assert.Equal("Streamable HTTP error: Error POSTing to endpoint: token [REDACTED] is revoked", result.ServiceMessage);
        Assert.DoesNotContain(Token, JsonSerializer.Serialize(result), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, host.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ServerDown_ConnectionError()
    {
        var port = Webhooks.UnusedPort();
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(host, $"http://127.0.0.1:{port}/mcp");

        var test = await host.RunAsync(connector, Call("test"));
        var call = await host.RunAsync(connector, CallTool("echo", new JsonObject { ["message"] = "x" }));

        Assert.Equal(ThrownMessage, test.Message);
        Assert.Equal($"Error connecting to MCP server: connect ECONNREFUSED 127.0.0.1:{port}", test.ServiceMessage);
        Assert.Equal(ErrorSource.Framework, test.ErrorSource);
        Assert.Equal(test.ServiceMessage, call.ServiceMessage);
    }

    [Fact]
    public async Task Execute_RedirectToHostNotAllowed_RefusedByTheConnectorChain()
    {
        await using var server = await McpTestServer.StartAsync();
        await using var host = EnterpriseHost(o => o.AllowedHosts = ["127.0.0.1"]);
        var connector = await CreateMcpAsync(host, server.Endpoint);
        server.RedirectTo = $"http://localhost:{server.Port}/mcp";

        var result = await host.RunAsync(connector, Call("listTools"));

        Assert.Equal(
            "Error connecting to MCP server: target hostname \"localhost\" is not added to the Kibana config xpack.actions.allowedHosts",
            result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Create_ServerUrlHostNotAllowed_Refused()
    {
        await using var host = EnterpriseHost(o => o.AllowedHosts = ["127.0.0.1"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => CreateMcpAsync(host, "https://mcp.example.com/mcp"));

        Assert.Equal(
            "error validating connector type config: error validating url: target url \"https://mcp.example.com/mcp\" is not added to the Kibana config xpack.actions.allowedHosts",
            error.Message);
    }

    [Fact]
    public async Task Execute_ApiKeyInItsHeader_WithConfigAndSecretHeaders()
    {
        await using var server = await McpTestServer.StartAsync();
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(
            host,
            server.Endpoint,
            new JsonObject { ["authType"] = "apiKey", ["apiKeyHeaderName"] = "X-Custom-Key", ["headers"] = new JsonObject { ["X-Tenant"] = "blue" } },
            new JsonObject { ["apiKey"] = "k-123", ["secretHeaders"] = new JsonObject { ["X-Signature"] = "sig-9" } });

        var result = await host.RunAsync(connector, Call("test"));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.All(server.Requests, r =>
        {
            Assert.Equal("k-123", r.Header("X-Custom-Key"));
            Assert.Equal("blue", r.Header("X-Tenant"));
            Assert.Equal("sig-9", r.Header("X-Signature"));
            Assert.Null(r.Header("Authorization"));
            Assert.Null(r.Header("X-API-Key"));
        });
    }

    [Fact]
    public async Task Execute_ApiKeyWithoutHeaderName_XApiKey()
    {
        await using var server = await McpTestServer.StartAsync();
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(host, server.Endpoint, new JsonObject { ["authType"] = "apiKey" }, new JsonObject { ["apiKey"] = "k-123" });

        await host.RunAsync(connector, Call("test"));

        Assert.All(server.Requests, r => Assert.Equal("k-123", r.Header("X-API-Key")));
    }

    [Fact]
    public async Task Execute_Basic_AuthorizationBasic()
    {
        await using var server = await McpTestServer.StartAsync();
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(host, server.Endpoint, new JsonObject { ["authType"] = "basic" }, new JsonObject { ["user"] = "elastic", ["password"] = "pässword" });

        await host.RunAsync(connector, Call("test"));

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:pässword"));
        Assert.All(server.Requests, r => Assert.Equal(expected, r.Header("Authorization")));
    }

    [Fact]
    public async Task Execute_HasAuthFalse_NoAuthHeaderButConfigHeaders()
    {
        await using var server = await McpTestServer.StartAsync();
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(
            host,
            server.Endpoint,
            new JsonObject { ["hasAuth"] = false, ["authType"] = "bearer", ["headers"] = new JsonObject { ["X-Tenant"] = "blue" } });

        var result = await host.RunAsync(connector, Call("listTools"));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.All(server.Requests, r =>
        {
            Assert.Null(r.Header("Authorization"));
            Assert.Equal("blue", r.Header("X-Tenant"));
        });
    }

    [Fact]
    public async Task Execute_SecretHeaderNamedAuthorization_WinsOverTheBearer()
    {
        await using var server = await McpTestServer.StartAsync();
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(
            host,
            server.Endpoint,
            new JsonObject { ["authType"] = "bearer", ["headers"] = new JsonObject { ["Authorization"] = "from-config" } },
            new JsonObject { ["token"] = Token, ["secretHeaders"] = new JsonObject { ["Authorization"] = "Custom abc" } });

        await host.RunAsync(connector, Call("test"));

        Assert.All(server.Requests, r => Assert.Equal("Custom abc", r.Header("Authorization")));
    }

    [Fact]
    public async Task Execute_EverySubActionAndFailure_NoSecretInResultsLogsOrEvents()
    {
        await using var server = await McpTestServer.StartAsync(withFailingTool: true);
        await using var host = EnterpriseHost();
        var connector = await CreateMcpAsync(
            host,
            server.Endpoint,
            secrets: new JsonObject { ["token"] = Token, ["secretHeaders"] = new JsonObject { ["X-Secret"] = "hdr-" + Token } });
        var results = new List<ConnectorResult>
        {
            await host.RunAsync(connector, Call("test")),
            await host.RunAsync(connector, Call("listTools")),
            await host.RunAsync(connector, CallTool("echo", new JsonObject { ["message"] = "m" })),
            await host.RunAsync(connector, CallTool("nope")),
            await host.RunAsync(connector, CallTool("fail", new JsonObject { ["reason"] = "r" })),
        };
        server.RefuseWith = 401;
        server.RefusalBody = $"bad Authorization: Bearer {Token}";
        results.Add(await host.RunAsync(connector, Call("listTools", new JsonObject { ["forceRefresh"] = true })));
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { Limit = 1000 });

        Assert.Equal(3, results.Count(r => r.IsSuccess));
        Assert.Contains(server.Requests, r => r.Header("X-Secret") == "hdr-" + Token);
        Assert.DoesNotContain(Token, JsonSerializer.Serialize(results), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, host.AllLogText(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, JsonSerializer.Serialize(events), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, JsonSerializer.Serialize(await host.Registry.GetAsync(connector.Id)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListConnectorTypes_Mcp_KibanaIdentity()
    {
        await using var host = EnterpriseHost();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == ".mcp");

        Assert.Equal("MCP", type.Name);
        Assert.Equal(LicenseLevel.Enterprise, type.MinimumLicenseRequired);
        Assert.Equal(["generativeAIForSecurity", "generativeAIForSearchPlayground", "generativeAIForObservability", "workflows"], type.SupportedFeatureIds);
        Assert.DoesNotContain(host.Registry.ListConnectorTypes("agentBuilder"), t => t.Id == ".mcp");
    }
}
