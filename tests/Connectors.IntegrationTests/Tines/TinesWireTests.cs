using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Tines;

public sealed class TinesWireTests
{
    private const string Email = "soc@example.com";
    private const string Token = "t1nes-api-token-SECRET";

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector)> CreateAsync(LoopbackServer server, bool fakeTime = false)
    {
        var host = Host(fakeTime: fakeTime);
        var connector = await host.CreateAsync(
            ".tines", new JsonObject { ["url"] = server.BaseUri.GetLeftPart(UriPartial.Authority) }, new JsonObject { ["email"] = Email, ["token"] = Token });
        return (host, connector);
    }

    private static JsonObject Call(string subAction, JsonObject? subActionParams = null) =>
        subActionParams is null
            ? new() { ["subAction"] = subAction }
            : new() { ["subAction"] = subAction, ["subActionParams"] = subActionParams };

    [Fact]
    public async Task Execute_Stories_GetsOnePageOf500WithUserHeaders()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, "{\"stories\":[{\"id\":1,\"name\":\"Triage\",\"published\":true,\"team_id\":4},{\"id\":2,\"name\":\"Draft\",\"published\":false}],\"meta\":{\"pages\":1,\"count\":2}}");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Call("stories"));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/stories", request.Path);
        Assert.Equal("?per_page=500", request.QueryString);
        Assert.Equal(Email, request.Header("x-user-email"));
        Assert.Equal(Token, request.Header("x-user-token"));
        Assert.Equal(
            "{\"stories\":[{\"id\":1,\"name\":\"Triage\",\"published\":true},{\"id\":2,\"name\":\"Draft\",\"published\":false}],\"incompleteResponse\":false}",
            result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_StoriesWithMorePages_IncompleteResponse()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, "{\"stories\":[],\"meta\":{\"pages\":3}}");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Call("stories", []));

        Assert.Equal("{\"stories\":[],\"incompleteResponse\":true}", result.Data!.ToJsonString());
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_Webhooks_ListsOnlyWebhookAgentsOfTheStory()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(
            200,
            "{\"agents\":[{\"id\":10,\"name\":\"Alert in\",\"type\":\"Agents::WebhookAgent\",\"story_id\":5,\"options\":{\"path\":\"p1\",\"secret\":\"s1\"}},"
            + "{\"id\":11,\"name\":\"Send mail\",\"type\":\"Agents::EmailAgent\",\"story_id\":5,\"options\":{}},"
            + "{\"id\":12,\"name\":\"Bare\",\"type\":\"Agents::WebhookAgent\",\"story_id\":5,\"options\":{}}],\"meta\":{\"pages\":2}}");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Call("webhooks", new JsonObject { ["storyId"] = "5" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/v1/agents", request.Path);
        Assert.Equal("?story_id=5&per_page=500", request.QueryString);
        Assert.Equal(Token, request.Header("x-user-token"));
        Assert.Equal(
            "{\"webhooks\":[{\"id\":10,\"name\":\"Alert in\",\"path\":\"p1\",\"secret\":\"s1\",\"storyId\":5},"
            + "{\"id\":12,\"name\":\"Bare\",\"path\":\"\",\"secret\":\"\",\"storyId\":5}],\"incompleteResponse\":true}",
            result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_RunWithWebhook_PostsBodyToWebhookPathWithoutAuthHeaders()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(201, "{\"status\":\"ok\"}");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Call("test", new JsonObject
        {
            ["webhook"] = new JsonObject { ["id"] = 10, ["name"] = "Alert in", ["storyId"] = 5, ["path"] = "p1", ["secret"] = "s1" },
            ["body"] = "{\"hello\": \"world\"}",
        }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/webhook/p1/s1", request.Path);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Null(request.Header("x-user-token"));
        Assert.Null(request.Header("x-user-email"));
        Assert.Equal("{\"hello\": \"world\"}", request.BodyText);
        Assert.Equal("{\"status\":\"ok\"}", result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_RunWithWebhookUrl_PostsThere()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, "{}");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Call("run", new JsonObject { ["webhookUrl"] = server.Url("/webhook/custom/abc/"), ["body"] = "{}" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("/webhook/custom/abc", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task Execute_RunRendered_BodyIsJsonOfAllVariablesWithoutAlertKibanaKeys()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, "{}");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        var variables = new JsonObject
        {
            ["rule"] = new JsonObject { ["id"] = "r1", ["name"] = "{{not.rendered}}" },
            ["context"] = new JsonObject
            {
                ["alerts"] = new JsonArray(new JsonObject { ["_id"] = "a1", ["kibana"] = new JsonObject { ["big"] = true }, ["message"] = Tricky }),
            },
        };

        var result = await host.RunAsync(
            connector,
            Call("run", new JsonObject { ["webhook"] = new JsonObject { ["id"] = 1, ["name"] = "n", ["storyId"] = 2, ["path"] = "p", ["secret"] = "s" }, ["body"] = "ignored" }),
            variables);

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(
            "{\"rule\":{\"id\":\"r1\",\"name\":\"{{not.rendered}}\"},\"context\":{\"alerts\":[{\"_id\":\"a1\",\"message\":\"say \\\"hi\\\"\\nnow *bold* _it_ <b> & done\"}]}}",
            Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_TestRendered_BodyNotTouched()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, "{}");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        await host.RunAsync(
            connector,
            Call("test", new JsonObject { ["webhookUrl"] = server.Url("/webhook/a/b"), ["body"] = "{\"x\":\"{{rule.id}}\"}" }),
            new { rule = new { id = "r1" } });

        Assert.Equal("{\"x\":\"{{rule.id}}\"}", Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_RunWithoutWebhook_ThrownInvalidSubActionParams()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Call("run", new JsonObject { ["body"] = "{}" }));

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("Invalid subActionsParams: [webhook] or [webhookUrl] expected but got none", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_Status401_FrameworkErrorWithStatusText()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(401, "{\"error\":\"bad token\"}");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Call("stories"));

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("Status code: 401. Message: API Error: Unauthorized", result.ServiceMessage);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
        Assert.DoesNotContain(Token, result.ServiceMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_Status429WithRetryAfter_UserErrorRetry()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(429, "{}", ("Retry-After", "10"));
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Call("webhooks", new JsonObject { ["storyId"] = 1 }));

        Assert.Equal("Status code: 429. Message: API Error: Too Many Requests", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_Status500_FrameworkErrorRetry()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(500, "boom");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Call("run", new JsonObject { ["webhookUrl"] = server.Url("/webhook/a/b"), ["body"] = "{}" }));

        Assert.Equal("Status code: 500. Message: API Error: Internal Server Error", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_ServerHangs_ThrownWithUndefinedStatus()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server, fakeTime: true);
        await using var _ = host;

        var result = await host.TimeOutAsync(server, () => host.RunAsync(connector, Call("stories")));

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("Status code: undefined. Message: AxiosError: timeout of 60000ms exceeded", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
    }

    [Fact]
    public async Task Execute_StoriesResponseWithoutMeta_ResponseValidationFailed()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, "{\"stories\":[]}");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Call("stories"));

        Assert.Equal("Response validation failed ([meta]: expected a plain object value, but found [undefined] instead.)", result.ServiceMessage);
    }

    [Fact]
    public async Task Execute_WebhookUrlNotAllowed_ErrorConfiguringConnectorActionWithoutTheSecretPath()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Host(o => o.AllowedHosts = ["127.0.0.1"]);
        var connector = await host.CreateAsync(
            ".tines", new JsonObject { ["url"] = server.BaseUri.GetLeftPart(UriPartial.Authority) }, new JsonObject { ["email"] = Email, ["token"] = Token });

        var result = await host.RunAsync(connector, Call("run", new JsonObject { ["webhookUrl"] = "https://evil.test/webhook/a/b", ["body"] = "{}" }));

        Assert.Equal(
            "error configuring connector action: target url \"https://evil.test\" is not added to the Kibana config xpack.actions.allowedHosts",
            result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_WebhooksWithoutStoryId_RequestValidationFailed()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Call("webhooks", []));

        Assert.Equal("Request validation failed ([storyId]: expected value of type [number] but got [undefined])", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task ListConnectorTypes_Tines_KibanaIdentity()
    {
        await using var host = Host();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == ".tines");

        Assert.Equal("Tines", type.Name);
        Assert.Equal(LicenseLevel.Gold, type.MinimumLicenseRequired);
        Assert.Equal(["siem"], type.SupportedFeatureIds);
    }
}
