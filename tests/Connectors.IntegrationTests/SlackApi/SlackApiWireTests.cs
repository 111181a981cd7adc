using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.SlackApi;

public sealed class SlackApiWireTests
{
    private const string Token = "xoxb-0000-SECRET-TOKEN";
    private const string Posted = "{\"ok\":true,\"channel\":\"C123\",\"ts\":\"1503435956.000247\",\"message\":{\"text\":\"hello\"}}";

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector)> CreateAsync(
        LoopbackServer server, JsonObject? config = null, bool fakeTime = false)
    {
        server.Fallback = LoopbackServer.Json(200, Posted);
        var host = Host(o => o.ServiceUrls[".slack_api"] = server.Url("/api/"), fakeTime);
        var connector = await host.CreateAsync(".slack_api", config, new JsonObject { ["token"] = Token });
        return (host, connector);
    }

    private static JsonObject Post(string subAction, JsonObject subActionParams) =>
        new() { ["subAction"] = subAction, ["subActionParams"] = subActionParams };

    private static JsonObject Message(string text = "hello", string channelId = "C123") =>
        Post("postMessage", new JsonObject { ["channelIds"] = new JsonArray(channelId), ["text"] = text });

    [Fact]
    public async Task Execute_PostMessage_BearerTokenAndChannelTextBody()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Message());

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/chat.postMessage", request.Path);
        Assert.Equal(string.Empty, request.QueryString);
        Assert.Equal($"Bearer {Token}", request.Header("Authorization"));
        Assert.Equal("application/json; charset=UTF-8", request.Header("Content-Type"));
        Assert.Equal("{\"channel\":\"C123\",\"text\":\"hello\"}", request.BodyText);
        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(connector.Id, result.ConnectorId);
        Assert.Equal(Posted, result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_PostBlockkit_SendsBlocksOnly()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Post("postBlockkit", new JsonObject
        {
            ["channelNames"] = new JsonArray("#general"),
            ["text"] = "{\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*hi*\"}}],\"ignored\":1}",
        }));

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(
            "{\"channel\":\"#general\",\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*hi*\"}}]}",
            Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_ValidChannelId_GetConversationsInfo()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Json(200, "{\"ok\":true,\"channel\":{\"id\":\"C123\",\"name\":\"general\"}}");
        await using var _ = host;

        var result = await host.RunAsync(connector, Post("validChannelId", new JsonObject { ["channelId"] = "C123" }));

        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/conversations.info", request.Path);
        Assert.Equal("?channel=C123", request.QueryString);
        Assert.Equal($"Bearer {Token}", request.Header("Authorization"));
        Assert.Empty(request.Body);
        Assert.Equal("{\"ok\":true,\"channel\":{\"id\":\"C123\",\"name\":\"general\"}}", result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_ValidChannelIdEmpty_ErrorWithoutRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Post("validChannelId", new JsonObject { ["channelId"] = string.Empty }));

        Assert.Equal("error posting slack message", result.Message);
        Assert.Equal("The channel id is empty", result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("{\"ok\":false,\"error\":\"channel_not_found\"}", "channel_not_found")]
    [InlineData("{\"ok\":false,\"error\":{\"code\":\"x\"}}", "{\"code\":\"x\"}")]
    public async Task Execute_OkFalse_ErrorWithSlackCode(string body, string serviceMessage)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Json(200, body);
        await using var _ = host;

        var result = await host.RunAsync(connector, Message());

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error posting slack message", result.Message);
        Assert.Equal(serviceMessage, result.ServiceMessage);
        Assert.Null(result.Retry);
    }

    [Fact]
    public async Task Execute_EmptyBody_UnexpectedNullResponse()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Respond(200);
        await using var _ = host;

        var result = await host.RunAsync(connector, Message());

        Assert.Equal("unexpected null response from slack", result.Message);
    }

    [Theory]
    [InlineData("channelNames", "#random", "general")]
    [InlineData("channelIds", "C999", "C123")]
    public async Task Execute_ChannelNotAllowed_ErrorWithoutRequest(string field, string channel, string allowed)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(
            server, new JsonObject { ["allowedChannels"] = new JsonArray(new JsonObject { ["id"] = "C123", ["name"] = "#general" }) });
        await using var _ = host;
        Assert.NotEqual(allowed, channel);

        var result = await host.RunAsync(connector, Post("postMessage", new JsonObject { [field] = new JsonArray(channel), ["text"] = "t" }));

        Assert.Equal("error posting slack message", result.Message);
        Assert.Equal("One or more provided channels are not included in the allowed channels list", result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_ChannelNameAllowedWithoutHash_Posts()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(
            server, new JsonObject { ["allowedChannels"] = new JsonArray(new JsonObject { ["name"] = "general" }) });
        await using var _ = host;

        var result = await host.RunAsync(connector, Post("postMessage", new JsonObject { ["channelNames"] = new JsonArray("#general"), ["text"] = "t" }));

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal("{\"channel\":\"#general\",\"text\":\"t\"}", Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_NoChannel_ErrorWithoutRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Post("postMessage", new JsonObject { ["channels"] = new JsonArray(), ["text"] = "t" }));

        Assert.Equal("error posting slack message", result.Message);
        Assert.Equal("One of channels, channelIds, or channelNames is required and cannot be empty", result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(401, "Unauthorized", ErrorSource.User)]
    [InlineData(404, "Not Found", ErrorSource.Framework)]
    public async Task Execute_ClientErrorStatus_UnexpectedHttpResponse(int status, string reason, ErrorSource source)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Json(status, "{\"ok\":false,\"error\":\"invalid_auth\"}");
        await using var _ = host;

        var result = await host.RunAsync(connector, Message());

        Assert.Equal($"unexpected http response from slack: {status} {reason}", result.Message);
        Assert.Null(result.Retry);
        Assert.Equal(source, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_Status429WithRetryAfter_RetryAt()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server, fakeTime: true);
        server.Fallback = LoopbackServer.Json(429, "{\"ok\":false,\"error\":\"ratelimited\"}", ("Retry-After", "30"));
        await using var _ = host;

        var result = await host.RunAsync(connector, Message());

        Assert.Equal("error posting a slack message, retry at 2026-12-04T12:00:30.000Z", result.Message);
        Assert.Equal("Request failed with status code 429", result.ServiceMessage);
        Assert.Equal(Now.AddSeconds(30), result.Retry!.RetryAt);
    }

    [Fact]
    public async Task Execute_Status502_RetryLater()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Respond(502, "bad gateway");
        await using var _ = host;

        var result = await host.RunAsync(connector, Message());

        Assert.Equal("error posting a slack message, retry later", result.Message);
        Assert.Null(result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
    }

    [Fact]
    public async Task Execute_ServerHangs_ErrorPostingWithTimeoutText()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server, fakeTime: true);
        await using var _ = host;

        var result = await host.TimeOutAsync(server, () => host.RunAsync(connector, Message()));

        Assert.Equal("error posting slack message", result.Message);
        Assert.Equal("timeout of 60000ms exceeded", result.ServiceMessage);
    }

    [Fact]
    public async Task Execute_TemplatedPostMessage_SlackEscape()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        await host.RunAsync(connector, Message("{{context.text}} / {{context.plain}}"), new { context = new { text = Tricky, plain = "<x> & y" } });

        Assert.Equal(
            "{\"channel\":\"C123\",\"text\":\"`say \\\"hi\\\"\\nnow *bold* _it_ <b> & done` / &lt;x&gt; &amp; y\"}",
            Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_TemplatedBlockkit_JsonEscapeKeepsBodyValid()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(
            connector,
            Post("postBlockkit", new JsonObject
            {
                ["channelIds"] = new JsonArray("C123"),
                ["text"] = "{\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"{{context.text}}\"}}]}",
            }),
            new { context = new { text = Tricky } });

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(
            "{\"channel\":\"C123\",\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"say \\\"hi\\\"\\nnow *bold* _it_ <b> & done\"}}]}",
            Assert.Single(server.Requests).BodyText);
    }

    [Theory]
    [InlineData("postMessage", "{\"channelNames\":[\"general\"],\"text\":\"t\"}", "error validating action params: Channel name must start with #")]
    [InlineData("postMessage", "{\"channelIds\":[\"C1\",\"C2\"],\"text\":\"t\"}", "error validating action params: [subActionParams.channelIds]: array size is [2], but cannot be greater than [1]")]
    [InlineData("postMessage", "{\"channelIds\":[\"C1\"],\"text\":\"t\",\"extra\":1}", "error validating action params: [subActionParams.extra]: definition for this key is missing")]
    [InlineData("postBlockkit", "{\"channelIds\":[\"C1\"],\"text\":\"{\\\"x\\\":1}\"}", "error validating action params: block kit body must contain field \"blocks\"")]
    [InlineData("postSomething", "{}", "error validating action params: [subAction]: expected one of [validChannelId, postMessage, postBlockkit] but got [postSomething]")]
    public async Task Execute_InvalidParams_ErrorWithoutRequest(string subAction, string subActionParams, string message)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Post(subAction, JsonNode.Parse(subActionParams)!.AsObject()));

        Assert.Equal(message, result.Message);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_BlockkitChannelNameWithoutHash_UnsupportedChannelName()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Post("postBlockkit", new JsonObject
        {
            ["channelNames"] = new JsonArray("general"),
            ["text"] = "{\"blocks\":[]}",
        }));

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("[Action][ExternalService] -> [Slack API] Unsupported channel name. Must start with #", result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Create_SlackApiHostNotAllowed_SecretsError()
    {
        await using var host = Host(o => o.AllowedHosts = ["example.com"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() =>
            host.CreateAsync(".slack_api", secrets: new JsonObject { ["token"] = Token }));

        Assert.Equal(
            "error validating connector type secrets: error configuring slack action: target url \"https://slack.com/api/\" is not added to the Kibana config xpack.actions.allowedHosts",
            error.Message);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListConnectorTypes_SlackApi_KibanaIdentity()
    {
        await using var host = Host();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == ".slack_api");

        Assert.Equal("Slack API", type.Name);
        Assert.Equal(LicenseLevel.Gold, type.MinimumLicenseRequired);
        Assert.Equal(["uptime", "alerting", "siem"], type.SupportedFeatureIds);
    }
}
