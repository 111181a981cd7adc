using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Slack;

public sealed class SlackWireTests
{
    private const string HookPath = "/services/T000/B000/XXXXSECRET";

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector)> CreateAsync(
        LoopbackServer server, bool fakeTime = false)
    {
        var host = Host(fakeTime: fakeTime);
        var connector = await host.CreateAsync(".slack", secrets: new JsonObject { ["webhookUrl"] = server.Url(HookPath) });
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
        Assert.Equal("{\"text\":\"ok\"}", result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_TwoSuccesses_EachResultOwnsItsData()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var first = await host.RunAsync(connector, new JsonObject { ["message"] = "one" });
        var second = await host.RunAsync(connector, new JsonObject { ["message"] = "two" });
        var data = Assert.IsType<JsonObject>(first.Data);
        data["text"] = "changed by the caller";
        data["extra"] = 1;

        Assert.Equal("{\"text\":\"changed by the caller\",\"extra\":1}", first.Data!.ToJsonString());
        Assert.Equal("{\"text\":\"ok\"}", second.Data!.ToJsonString());
        Assert.Equal("ok", second.Data!["text"]!.GetValue<string>());
        var third = await host.RunAsync(connector, new JsonObject { ["message"] = "three" });
        Assert.Equal("{\"text\":\"ok\"}", third.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_BodyOtherThanOk_ErrorWithBodyAsServiceMessage()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(200, "no_text", "text/html");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error posting slack message", result.Message);
        Assert.Equal("no_text", result.ServiceMessage);
        Assert.Null(result.Retry);
    }

    [Fact]
    public async Task Execute_Status403_ThrownUserError()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(403, "invalid_token", "text/html");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("Request failed with status code 403", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_Status404_UnexpectedHttpResponse()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(404, "no_service", "text/html");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        Assert.Equal("unexpected http response from slack: 404 Not Found", result.Message);
        Assert.Null(result.ServiceMessage);
        Assert.Null(result.Retry);
    }

    [Fact]
    public async Task Execute_Status429WithRetryAfter_RetryAtThatTime()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(429, "rate_limited", "text/html", ("Retry-After", "120"));
        var (host, connector) = await CreateAsync(server, fakeTime: true);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        Assert.Equal("error posting a slack message, retry at 2026-12-04T12:02:00.000Z", result.Message);
        Assert.Equal("An HTTP protocol error occurred: statusCode = 429", result.ServiceMessage);
        Assert.Equal(Now.AddSeconds(120), result.Retry!.RetryAt);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_Status429WithoutRetryAfter_RetryLater()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(429, "rate_limited");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        Assert.Equal("error posting a slack message, retry later", result.Message);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_Status503_RetryLaterFramework()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(503, "down");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        Assert.Equal("error posting a slack message, retry later", result.Message);
        Assert.Equal("An HTTP protocol error occurred: statusCode = 503", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_ServerHangs_RequestErrorAfterResponseTimeout()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server, fakeTime: true);
        await using var _ = host;

        var result = await host.TimeOutAsync(server, () => host.RunAsync(connector, new JsonObject { ["message"] = "hello" }));

        Assert.Equal("error posting slack message", result.Message);
        Assert.Equal("A request error occurred: timeout of 60000ms exceeded", result.ServiceMessage);
    }

    [Fact]
    public async Task Execute_TemplatedMessageWithMarkup_SlackEscapedThenJsonEncoded()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(
            connector,
            new JsonObject { ["message"] = "alert: {{context.text}} | {{context.plain}}" },
            new { context = new { text = Tricky, plain = "a <b> & `c`" } });

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(
            "{\"text\":\"alert: `say \\\"hi\\\"\\nnow *bold* _it_ <b> & done` | a &lt;b&gt; &amp; 'c'\"}",
            Assert.Single(server.Requests).BodyText);
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
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Create_WebhookHostNotAllowed_SecretsErrorWithoutPath()
    {
        await using var host = Host(o => o.AllowedHosts = ["hooks.slack.com"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() =>
            host.CreateAsync(".slack", secrets: new JsonObject { ["webhookUrl"] = "http://127.0.0.1:9" + HookPath }));

        Assert.Equal(
            "error validating connector type secrets: error configuring slack action: target url \"http://127.0.0.1:9\" is not added to the Kibana config xpack.actions.allowedHosts",
            error.Message);
    }

    [Fact]
    public async Task Create_WebhookUrlUnparseable_SecretsError()
    {
        await using var host = Host();

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() =>
            host.CreateAsync(".slack", secrets: new JsonObject { ["webhookUrl"] = "not a url" }));

        Assert.Equal(
            "error validating connector type secrets: error configuring slack action: unable to parse host name from webhookUrl",
            error.Message);
    }

    [Fact]
    public async Task ListConnectorTypes_Slack_KibanaIdentity()
    {
        await using var host = Host();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == ".slack");

        Assert.Equal("Slack", type.Name);
        Assert.Equal(LicenseLevel.Gold, type.MinimumLicenseRequired);
        Assert.Equal(["alerting", "uptime", "siem"], type.SupportedFeatureIds);
    }

    [Fact]
    public async Task Execute_Redirect_NotFollowedUnexpectedHttpResponse()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Redirect(server.Url("/elsewhere"));
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        Assert.Equal("unexpected http response from slack: 302 Found", result.Message);
        Assert.Equal(HookPath, Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task Execute_HostNoLongerAllowed_ErrorWithoutRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Host(o => o.AllowedHosts = ["localhost"]);
        var connector = await host.CreateAsync(".slack", secrets: new JsonObject { ["webhookUrl"] = server.Url(HookPath).Replace("127.0.0.1", "localhost", StringComparison.Ordinal) });
        var options = (Microsoft.Extensions.Options.IOptionsMonitor<ConnectorsOptions>)host.Services.GetService(typeof(Microsoft.Extensions.Options.IOptionsMonitor<ConnectorsOptions>))!;
        options.CurrentValue.AllowedHosts = ["hooks.slack.com"];

        var result = await host.RunAsync(connector, new JsonObject { ["message"] = "hello" });

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal(
            $"error validating connector type secrets: error configuring slack action: target url \"http://localhost:{server.BaseUri.Port}\" is not added to the Kibana config xpack.actions.allowedHosts",
            result.Message);
        Assert.Empty(server.Requests);
    }
}
