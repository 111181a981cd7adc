using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.D3Security;

public sealed class D3SecurityWireTests
{
    private const string Token = "d3-api-token-SECRET";

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector)> CreateAsync(LoopbackServer server, bool fakeTime = false)
    {
        server.Fallback = LoopbackServer.Json(200, "{\"refid\":\"REF-1\"}");
        var host = Host(fakeTime: fakeTime);
        var connector = await host.CreateAsync(
            ".d3security", new JsonObject { ["url"] = server.Url("/VSOAPI/api/Data/Ingest/") }, new JsonObject { ["token"] = Token });
        return (host, connector);
    }

    private static JsonObject Run(JsonObject subActionParams, string subAction = "run") =>
        new() { ["subAction"] = subAction, ["subActionParams"] = subActionParams };

    [Fact]
    public async Task Execute_RunWithJsonBody_WrappedWithSeverityAndEventType()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Run(new JsonObject { ["body"] = "{\"a\": 1.0, \"b\": [true]}", ["severity"] = "high", ["eventType"] = "alert" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/VSOAPI/api/Data/Ingest", request.Path);
        Assert.Equal(Token, request.Header("d3key"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal(
            "{\"hits\":{\"hits\":{\"_source\":{\"rawData\":{\"a\":1,\"b\":[true]},\"event.type\":\"alert\",\"kibana.alert.severity\":\"high\"}}}}",
            request.BodyText);
        Assert.Equal("{\"refid\":\"REF-1\"}", result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_TestWithTextBodyAndDefaults_RawStringAndEmptyFields()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        await host.RunAsync(connector, Run(new JsonObject { ["body"] = "not json" }, "test"));

        Assert.Equal(
            "{\"hits\":{\"hits\":{\"_source\":{\"rawData\":\"not json\",\"event.type\":\"\",\"kibana.alert.severity\":\"\"}}}}",
            Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_NoBody_EmptyStringRawData()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        await host.RunAsync(connector, Run([]));

        Assert.Equal(
            "{\"hits\":{\"hits\":{\"_source\":{\"rawData\":\"\",\"event.type\":\"\",\"kibana.alert.severity\":\"\"}}}}",
            Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_TemplatedBody_JsonEscapedOnlyInBody()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(
            connector,
            Run(new JsonObject { ["body"] = "{\"msg\":\"{{context.text}}\"}", ["eventType"] = "{{context.text}}" }),
            new { context = new { text = Tricky } });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(
            "{\"hits\":{\"hits\":{\"_source\":{\"rawData\":{\"msg\":\"say \\\"hi\\\"\\nnow *bold* _it_ <b> & done\"},\"event.type\":\"{{context.text}}\",\"kibana.alert.severity\":\"\"}}}}",
            Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_Status401_UnauthorizedApiError()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Json(401, "{}");
        await using var _ = host;

        var result = await host.RunAsync(connector, Run(new JsonObject { ["body"] = "{}" }));

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("Status code: 401. Message: Unauthorized API Error", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Same(RetryHint.Later, result.Retry);
    }

    [Fact]
    public async Task Execute_Status429WithRetryAfter_ThrownRetry()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Json(429, "{}", ("Retry-After", "5"));
        await using var _ = host;

        var result = await host.RunAsync(connector, Run(new JsonObject { ["body"] = "{}" }));

        Assert.Equal("Status code: 429. Message: API Error: 429 - Too Many Requests", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_Status502_ApiErrorFramework()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Respond(502, "bad gateway");
        await using var _ = host;

        var result = await host.RunAsync(connector, Run(new JsonObject { ["body"] = "{}" }));

        Assert.Equal("Status code: 502. Message: API Error: 502 - Bad Gateway", result.ServiceMessage);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_ServerHangs_UnknownApiError()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server, fakeTime: true);
        await using var _ = host;

        var result = await host.TimeOutAsync(server, () => host.RunAsync(connector, Run(new JsonObject { ["body"] = "{}" })));

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("Status code: undefined. Message: Unknown API Error", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
    }

    [Fact]
    public async Task Execute_ResponseWithoutRefid_ResponseValidationFailed()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Json(200, "{\"id\":1}");
        await using var _ = host;

        var result = await host.RunAsync(connector, Run(new JsonObject { ["body"] = "{}" }));

        Assert.Equal("Response validation failed ([refid]: expected value of type [string] but got [undefined])", result.ServiceMessage);
    }

    [Fact]
    public async Task Execute_UnknownParam_RequestValidationFailed()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Run(new JsonObject { ["body"] = "{}", ["extra"] = 1 }));

        Assert.Equal("Request validation failed ([extra]: definition for this key is missing)", result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Create_UrlNotAllowed_ErrorValidatingUrl()
    {
        await using var host = Host(o => o.AllowedHosts = ["d3.example.com"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(
            ".d3security", new JsonObject { ["url"] = "http://127.0.0.1:9/x" }, new JsonObject { ["token"] = Token }));

        Assert.Equal(
            "error validating connector type config: error validating url: target url \"http://127.0.0.1:9/x\" is not added to the Kibana config xpack.actions.allowedHosts",
            error.Message);
    }

    [Fact]
    public async Task ListConnectorTypes_D3Security_KibanaIdentity()
    {
        await using var host = Host();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == ".d3security");

        Assert.Equal("D3 Security", type.Name);
        Assert.Equal(LicenseLevel.Gold, type.MinimumLicenseRequired);
        Assert.Equal(["alerting", "siem", "workflows", "agentBuilder"], type.SupportedFeatureIds);
    }
}
