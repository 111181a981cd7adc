using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Torq;

public sealed class TorqWireTests
{
    private const string Token = "t0rq-integration-token-SECRET";

    /// <summary>The loopback server under the name Torq's host check lets through besides its own hosts.</summary>
    private static string LocalhostUrl(LoopbackServer server, string path = "/v1/webhooks/abc") =>
        $"http://localhost:{server.BaseUri.Port}{path}";

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector)> CreateAsync(LoopbackServer server, bool fakeTime = false)
    {
        var host = Host(fakeTime: fakeTime);
        var connector = await host.CreateAsync(
            ".torq", new JsonObject { ["webhookIntegrationUrl"] = LocalhostUrl(server) }, new JsonObject { ["token"] = Token });
        return (host, connector);
    }

    [Fact]
    public async Task Execute_JsonBody_PostsParsedBodyWithTokenAndReturnsTheBodyString()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        const string body = "{ \"alert\": { \"id\": 7, \"score\": 1.50, \"name\": \"cpu\" }, \"tags\": [\"a\", \"b\"] }";

        var result = await host.RunAsync(connector, new JsonObject { ["body"] = body });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/webhooks/abc", request.Path);
        Assert.Equal(string.Empty, request.QueryString);
        Assert.Equal(Token, request.Header("X-Torq-Token"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("{\"alert\":{\"id\":7,\"score\":1.5,\"name\":\"cpu\"},\"tags\":[\"a\",\"b\"]}", request.BodyText);
        Assert.Equal(body, result.Data!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_TemplatedBody_RenderedWithoutEscaping()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(
            connector, new JsonObject { ["body"] = "{\"text\":\"{{context.text}}\"}" }, new { context = new { text = "*bold* _it_ <b> & done" } });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("{\"text\":\"*bold* _it_ <b> & done\"}", Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_TemplatedQuoteAndNewline_BreakTheJsonInvalidBody()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["body"] = "{\"text\":\"{{context.text}}\"}" }, new { context = new { text = Tricky } });

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error triggering Torq workflow, invalid body", result.Message);
        Assert.StartsWith("Unexpected token", result.ServiceMessage, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(401, "error triggering Torq workflow, unauthorised", ErrorSource.User)]
    [InlineData(404, "error triggering Torq workflow, make sure the webhook URL is valid", ErrorSource.User)]
    [InlineData(405, "error triggering Torq workflow, method is not supported", ErrorSource.User)]
    [InlineData(400, "error triggering Torq workflow, invalid response", ErrorSource.Framework)]
    public async Task Execute_Status4xx_KibanasTextWithStatusAndMessage(int status, string message, ErrorSource source)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(status, "{\"message\":\"nope\"}");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["body"] = "{}" });

        Assert.Equal(message, result.Message);
        Assert.EndsWith(": nope", result.ServiceMessage, StringComparison.Ordinal);
        Assert.StartsWith($"[{status}] ", result.ServiceMessage, StringComparison.Ordinal);
        Assert.Null(result.Retry);
        Assert.Equal(source, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_Status429WithRetryAfter_RetryAtThatTime()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(429, "slow down", "text/plain", ("Retry-After", "60"));
        var (host, connector) = await CreateAsync(server, fakeTime: true);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["body"] = "{}" });

        Assert.Equal("error triggering Torq workflow, retry at 2026-12-04T12:01:00.000Z", result.Message);
        Assert.Equal("[429] Too Many Requests", result.ServiceMessage);
        Assert.Equal(Now.AddSeconds(60), result.Retry!.RetryAt);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_Status503_RetryLater()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(503);
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["body"] = "{}" });

        Assert.Equal("error triggering Torq workflow, retry later", result.Message);
        Assert.Equal("[503] Service Unavailable", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_ServerHangs_RequestFailedWithAxiosCode()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server, fakeTime: true);
        await using var _ = host;

        var result = await host.TimeOutAsync(server, () => host.RunAsync(connector, new JsonObject { ["body"] = "{}" }));

        Assert.Equal("error triggering Torq workflow, request failed", result.Message);
        Assert.Equal("[ECONNABORTED] timeout of 60000ms exceeded", result.ServiceMessage);
    }

    [Fact]
    public async Task Execute_EmptyBody_NoBodySent()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["body"] = string.Empty });

        Assert.True(result.IsSuccess);
        Assert.Empty(Assert.Single(server.Requests).Body);
    }

    [Theory]
    [InlineData("https://hooks.torq.io/v1/webhooks/x")]
    [InlineData("https://hooks.eu.torq.io/v1/webhooks/x")]
    public async Task Create_TorqHosts_Accepted(string url)
    {
        await using var host = Host();

        var connector = await host.CreateAsync(".torq", new JsonObject { ["webhookIntegrationUrl"] = url }, new JsonObject { ["token"] = Token });

        Assert.Equal(".torq", connector.ConnectorTypeId);
    }

    [Fact]
    public async Task Create_OtherHost_MustBeginWithTorqHooks()
    {
        await using var host = Host();

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(
            ".torq", new JsonObject { ["webhookIntegrationUrl"] = "https://hooks.example.io/x" }, new JsonObject { ["token"] = Token }));

        Assert.Equal(
            "error validating connector type config: error configuring send to Torq action: url must begin with https://hooks.torq.io or https://hooks.eu.torq.io",
            error.Message);
    }

    [Fact]
    public async Task Create_HostNotAllowed_AllowlistMessageWithoutThePath()
    {
        await using var host = Host(o => o.AllowedHosts = ["hooks.eu.torq.io"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(
            ".torq", new JsonObject { ["webhookIntegrationUrl"] = "https://hooks.torq.io/v1/webhooks/secret-id" }, new JsonObject { ["token"] = Token }));

        Assert.Equal(
            "error validating connector type config: error configuring send to Torq action: target url \"https://hooks.torq.io\" is not added to the Kibana config xpack.actions.allowedHosts",
            error.Message);
    }

    [Fact]
    public async Task Execute_HostRemovedFromAllowlistAfterCreate_RefusedWithoutRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        var allowed = new List<string> { "*" };
        await using var host = Host(o => o.AllowedHosts = allowed);
        var connector = await host.CreateAsync(
            ".torq", new JsonObject { ["webhookIntegrationUrl"] = LocalhostUrl(server) }, new JsonObject { ["token"] = Token });
        allowed[0] = "hooks.torq.io";

        var result = await host.RunAsync(connector, new JsonObject { ["body"] = "{}" });

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ListConnectorTypes_Torq_KibanaIdentity()
    {
        await using var host = Host();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == ".torq");

        Assert.Equal("Torq", type.Name);
        Assert.Equal(LicenseLevel.Gold, type.MinimumLicenseRequired);
        Assert.Equal(["alerting", "uptime", "siem"], type.SupportedFeatureIds);
    }
}
