using System.Text.Json.Nodes;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Webhook;

public sealed class WebhookOAuth2Tests
{
    private const string TokenJson = "{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}";

    private static JsonObject Config(LoopbackServer server) => new()
    {
        ["url"] = server.Url("/hook"),
        ["authType"] = "webhook-oauth2-client-credentials",
        ["accessTokenUrl"] = server.Url("/oauth/token"),
        ["clientId"] = "my-client",
        ["scope"] = "read write",
        ["additionalFields"] = "{\"audience\":\"api://x\"}",
        ["headers"] = new JsonObject { ["X-Config"] = "c" },
    };

    private static JsonObject Secrets() => new()
    {
        ["clientSecret"] = "s&cr=t",
        ["secretHeaders"] = new JsonObject { ["X-Secret"] = "not-sent-on-oauth" },
    };

    [Fact]
    public async Task Execute_ClientCredentials_PostsFormAndSendsBearer()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Json(200, TokenJson));
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(Config(server), Secrets());

        var result = await host.ExecuteAsync(connector, "{\"x\":1}");

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Collection(
            server.Requests,
            token =>
            {
                Assert.Equal("POST", token.Method);
                Assert.Equal("/oauth/token", token.Path);
                Assert.Equal("application/x-www-form-urlencoded; charset=UTF-8", token.Header("Content-Type"));
                Assert.Equal("scope=read+write&client_id=my-client&client_secret=s%26cr%3Dt&grant_type=client_credentials&audience=api%3A%2F%2Fx", token.BodyText);
            },
            hook =>
            {
                Assert.Equal("/hook", hook.Path);
                Assert.Equal("Bearer tok-1", hook.Header("Authorization"));
                Assert.Equal("c", hook.Header("X-Config"));
                Assert.Null(hook.Header("X-Secret"));
                Assert.Equal("{\"x\":1}", hook.BodyText);
            });
    }

    [Fact]
    public async Task Execute_TwoExecutions_TokenRequestedOnce()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Json(200, TokenJson));
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(Config(server), Secrets());

        var first = await host.ExecuteAsync(connector);
        var second = await host.ExecuteAsync(connector);

        Assert.True(first.IsSuccess);
        Assert.True(second.IsSuccess);
        Assert.Equal(["/oauth/token", "/hook", "/hook"], server.Requests.Select(r => r.Path));
        Assert.All(server.Requests.Skip(1), r => Assert.Equal("Bearer tok-1", r.Header("Authorization")));
    }

    [Fact]
    public async Task Execute_TokenExpired_FetchesNewToken()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(
            LoopbackServer.Json(200, "{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":60}"),
            LoopbackServer.Respond(200),
            LoopbackServer.Json(200, "{\"access_token\":\"tok-2\",\"token_type\":\"Bearer\",\"expires_in\":60}"));
        await using var host = Webhooks.Host(fakeTime: true);
        var connector = await host.CreateWebhookAsync(Config(server), Secrets());

        await host.ExecuteAsync(connector);
        host.Time!.Advance(TimeSpan.FromSeconds(31));
        var result = await host.ExecuteAsync(connector);

        Assert.True(result.IsSuccess);
        Assert.Equal(["/oauth/token", "/hook", "/oauth/token", "/hook"], server.Requests.Select(r => r.Path));
        Assert.Equal("Bearer tok-2", server.Requests[3].Header("Authorization"));
    }

    [Fact]
    public async Task Execute_TargetAnswers4xx_DropsCachedToken()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(
            LoopbackServer.Json(200, TokenJson),
            LoopbackServer.Respond(401, "expired"),
            LoopbackServer.Json(200, "{\"access_token\":\"tok-2\",\"token_type\":\"Bearer\"}"));
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(Config(server), Secrets());

        var first = await host.ExecuteAsync(connector);
        var second = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, invalid response", first.Message);
        Assert.Equal("[401] Unauthorized", first.ServiceMessage);
        Assert.True(second.IsSuccess);
        Assert.Equal(["/oauth/token", "/hook", "/oauth/token", "/hook"], server.Requests.Select(r => r.Path));
        Assert.Equal("Bearer tok-2", server.Requests[3].Header("Authorization"));
    }

    [Fact]
    public async Task Execute_TokenEndpoint401_RequestFailedWithTokenText()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Json(401, "{\"error\":\"invalid_client\"}"));
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(Config(server), Secrets());

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Equal("Unable to retrieve/refresh the access token: {\"error\":\"invalid_client\"}", result.ServiceMessage);
        Assert.Equal("/oauth/token", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task Execute_TokenResponseWithoutAccessToken_RequestFailedWithNewTokenText()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Json(200, "{\"token_type\":\"Bearer\"}"));
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(Config(server), Secrets());

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Equal("Unable to retrieve new access token", result.ServiceMessage);
        Assert.Single(server.Requests);
    }
    [Fact]
    public async Task Execute_AfterUpdateWithNewSecret_FetchesNewToken()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(
            LoopbackServer.Json(200, TokenJson),
            LoopbackServer.Respond(200),
            LoopbackServer.Json(200, "{\"access_token\":\"tok-2\",\"token_type\":\"Bearer\"}"));
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(Config(server), Secrets());

        await host.ExecuteAsync(connector);
        await host.Registry.UpdateAsync(connector.Id, new UpdateConnectorRequest { Name = "hook", Config = Config(server), Secrets = new JsonObject { ["clientSecret"] = "rotated" } });
        var result = await host.ExecuteAsync(connector);

        Assert.True(result.IsSuccess);
        Assert.Equal(["/oauth/token", "/hook", "/oauth/token", "/hook"], server.Requests.Select(r => r.Path));
        Assert.Contains("client_secret=rotated", server.Requests[2].BodyText, StringComparison.Ordinal);
        Assert.Equal("Bearer tok-2", server.Requests[3].Header("Authorization"));
    }

    [Fact]
    public async Task Execute_AfterDeleteAndRecreateWithSameId_FetchesNewToken()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(
            LoopbackServer.Json(200, TokenJson),
            LoopbackServer.Respond(200),
            LoopbackServer.Json(200, "{\"access_token\":\"tok-2\",\"token_type\":\"Bearer\"}"));
        await using var host = Webhooks.Host();
        var request = new CreateConnectorRequest { Id = "oauth-hook", Name = "hook", ConnectorTypeId = ".webhook", Config = Config(server), Secrets = Secrets() };
        var connector = await host.Registry.CreateAsync(request);

        await host.ExecuteAsync(connector);
        await host.Registry.DeleteAsync(connector.Id);
        var config = Config(server);
        config["clientId"] = "other-client";
        await host.Registry.CreateAsync(request with { Config = config, Secrets = Secrets() });
        var result = await host.ExecuteAsync(connector);

        Assert.True(result.IsSuccess);
        Assert.Equal(["/oauth/token", "/hook", "/oauth/token", "/hook"], server.Requests.Select(r => r.Path));
        Assert.Equal("Bearer tok-2", server.Requests[3].Header("Authorization"));
    }
}
