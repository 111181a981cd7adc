using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Teams;

public sealed class TeamsWireTests
{
    private const string HookPath = "/webhookb2/0000-SECRET@tenant/IncomingWebhook/abc/def";
    private const string Throttled = "Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0,server=msgapi,cv=x.0. ErrorCode:ApplicationThrottled";

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector)> CreateAsync(LoopbackServer server, bool fakeTime = false)
    {
        server.Fallback = LoopbackServer.Respond(200, "1", "text/plain");
        var host = Host(fakeTime: fakeTime);
        var connector = await host.CreateAsync(".teams", secrets: new JsonObject { ["webhookUrl"] = server.Url(HookPath) });
        return (host, connector);
    }

    [Fact]
    public async Task Execute_Message_PostsTextAsJson()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(HookPath, request.Path);
        Assert.Equal(string.Empty, request.QueryString);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("{\"text\":\"hello\"}", request.BodyText);
        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal("{\"text\":\"hello\"}", result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_ThrottledIn200WithRetryAfter_RetryAtWithMessageAsServiceMessage()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server, fakeTime: true);
        server.Fallback = LoopbackServer.Respond(200, Throttled, "text/plain", ("Retry-After", "90"));
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error posting a Microsoft Teams message, retry at 2026-12-04T12:01:30.000Z", result.Message);
        Assert.Equal("hello", result.ServiceMessage);
        Assert.Equal(Now.AddSeconds(90), result.Retry!.RetryAt);
    }

    [Fact]
    public async Task Execute_ThrottledIn200WithoutRetryAfter_RetryLater()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Respond(200, Throttled, "text/plain");
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        Assert.Equal("error posting a Microsoft Teams message, retry later", result.Message);
        Assert.Null(result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
    }

    [Theory]
    [InlineData(400, "Bad Request", ErrorSource.Framework)]
    [InlineData(403, "Forbidden", ErrorSource.User)]
    [InlineData(429, "Too Many Requests", ErrorSource.User)]
    public async Task Execute_ClientErrorStatus_InvalidResponseWithStatusLine(int status, string reason, ErrorSource source)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Respond(status, "nope", "text/plain", ("Retry-After", "5"));
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        Assert.Equal("error posting to Microsoft Teams, invalid response", result.Message);
        Assert.Equal($"[{status}] {reason}", result.ServiceMessage);
        Assert.Null(result.Retry);
        Assert.Equal(source, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_Status500_RetryLaterWithoutServiceMessage()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Respond(500, "oops");
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        Assert.Equal("error posting a Microsoft Teams message, retry later", result.Message);
        Assert.Null(result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
    }

    [Fact]
    public async Task Execute_ServerHangs_UnexpectedError()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server, fakeTime: true);
        await using var _ = host;

        var result = await host.TimeOutAsync(server, () => host.RunAsync(connector, new JsonObject { ["message"] = "hello" }));

        Assert.Equal("error posting to Microsoft Teams, unexpected error", result.Message);
        Assert.Null(result.ServiceMessage);
    }

    [Fact]
    public async Task Execute_TemplatedMessage_RenderedWithoutEscaping()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        await host.RunAsync(connector, new JsonObject { ["message"] = "{{context.text}}" }, new { context = new { text = Tricky } });

        Assert.Equal("{\"text\":\"say \\\"hi\\\"\\nnow *bold* _it_ <b> & done\"}", Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Create_WebhookHostNotAllowed_SecretsErrorWithoutPath()
    {
        await using var host = Host(o => o.AllowedHosts = ["outlook.office.com"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() =>
            host.CreateAsync(".teams", secrets: new JsonObject { ["webhookUrl"] = "http://127.0.0.1:9" + HookPath }));

        Assert.Equal(
            "error validating connector type secrets: error configuring teams action: target url \"http://127.0.0.1:9\" is not added to the Kibana config xpack.actions.allowedHosts",
            error.Message);
    }

    [Fact]
    public async Task Execute_EmptyMessage_ParamsError()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = string.Empty });

        Assert.Equal(
            "error validating action params: [message]: value has length [0] but it must have a minimum length of [1].",
            result.Message);
    }

    [Fact]
    public async Task ListConnectorTypes_Teams_KibanaIdentity()
    {
        await using var host = Host();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == ".teams");

        Assert.Equal("Microsoft Teams", type.Name);
        Assert.Equal(LicenseLevel.Gold, type.MinimumLicenseRequired);
        Assert.Equal(["alerting", "uptime", "siem", "workflows", "agentBuilder"], type.SupportedFeatureIds);
    }
}
