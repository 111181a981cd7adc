using System.Text.Json.Nodes;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Webhook;

public sealed class WebhookAuthHeaderTests
{
    [Fact]
    public async Task Execute_ConfigAndSecretHeaders_SecretHeaderWins()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(
            new JsonObject
            {
                ["url"] = server.Url("/h"),
                ["hasAuth"] = false,
                ["headers"] = new JsonObject { ["X-Shared"] = "from-config", ["X-Config"] = "c", ["Content-Type"] = "application/vnd.test+json" },
            },
            new JsonObject { ["secretHeaders"] = new JsonObject { ["x-shared"] = "from-secrets", ["X-Secret"] = "s" } });

        var result = await host.ExecuteAsync(connector, "{}");

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal("from-secrets", request.Header("X-Shared"));
        Assert.Equal("c", request.Header("X-Config"));
        Assert.Equal("s", request.Header("X-Secret"));
        Assert.Equal("application/vnd.test+json", request.Header("Content-Type"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task Execute_BasicAuthWithUserAuthorizationHeader_UserHeaderOverridesBasic()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(
            new JsonObject { ["url"] = server.Url("/h"), ["headers"] = new JsonObject { ["Authorization"] = "Token abc" } },
            new JsonObject { ["user"] = "elastic", ["password"] = "changeme" });

        await host.ExecuteAsync(connector, "{}");

        Assert.Equal("Token abc", Assert.Single(server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Execute_BasicAuthWithSecretAuthorizationHeader_SecretHeaderOverridesBasic()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(
            new JsonObject { ["url"] = server.Url("/h"), ["authType"] = "webhook-authentication-basic" },
            new JsonObject { ["user"] = "u", ["password"] = "p", ["secretHeaders"] = new JsonObject { ["authorization"] = "Bearer s" } });

        await host.ExecuteAsync(connector, "{}");

        Assert.Equal("Bearer s", Assert.Single(server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Execute_BasicAuthExplicitType_SendsBasicHeaderOfUtf8Credentials()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(
            new JsonObject { ["url"] = server.Url("/h"), ["hasAuth"] = true, ["authType"] = "webhook-authentication-basic" },
            new JsonObject { ["user"] = "j\u00fcrgen", ["password"] = "p:w" });

        await host.ExecuteAsync(connector, "{}");

        var expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("j\u00fcrgen:p:w"));
        Assert.Equal(expected, Assert.Single(server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Execute_HasAuthFalseWithCredentials_SendsNoAuthorization()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(
            new JsonObject { ["url"] = server.Url("/h"), ["hasAuth"] = false },
            new JsonObject { ["user"] = "elastic", ["password"] = "changeme" });

        var result = await host.ExecuteAsync(connector, "{}");

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Null(Assert.Single(server.Requests).Header("Authorization"));
    }
}
