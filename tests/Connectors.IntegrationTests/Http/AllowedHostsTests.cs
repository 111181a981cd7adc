using System.Text.Json.Nodes;
using Connectors.IntegrationTests.Webhook;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Http;

public sealed class AllowedHostsTests
{
    [Fact]
    public async Task Create_HostNotInAllowedHosts_ThrowsValidationWithAllowlistText()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host(o => o.AllowedHosts = ["hooks.example"]);
        var url = server.Url("/hook");

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateWebhookAsync(new JsonObject { ["url"] = url }));

        Assert.Equal(
            $"error validating connector type config: error validation webhook action config: target url \"{url}\" is not added to the Kibana config xpack.actions.allowedHosts",
            error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_HostInAllowedHosts_Sends()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host(o => o.AllowedHosts = ["127.0.0.1"]);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/hook"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal("/hook", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task Execute_RedirectToDisallowedHost_BlockedBeforeSending()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Redirect($"http://localhost:{server.BaseUri.Port}/x", 307));
        await using var host = Webhooks.Host(o => o.AllowedHosts = ["127.0.0.1"]);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/start"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Equal("target hostname \"localhost\" is not added to the Kibana config xpack.actions.allowedHosts", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Null(result.Retry);
        Assert.Equal(["/start"], server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Execute_RedirectToDisallowedHost_NotRetried()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Redirect($"http://localhost:{server.BaseUri.Port}/x");
        await using var host = Webhooks.Host(o =>
        {
            o.AllowedHosts = ["127.0.0.1"];
            o.MaxAttempts = 3;
            o.RetryBaseDelay = TimeSpan.Zero;
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/start"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("target hostname \"localhost\" is not added to the Kibana config xpack.actions.allowedHosts", result.ServiceMessage);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_Redirect307WithinAllowedHost_KeepsMethodAndBody()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Redirect("/moved", 307));
        await using var host = Webhooks.Host(o => o.AllowedHosts = ["127.0.0.1"]);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/start") }, new JsonObject { ["user"] = "u", ["password"] = "p" });

        var result = await host.ExecuteAsync(connector, "{\"k\":\"v\"}");

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Collection(
            server.Requests,
            first => Assert.Equal("/start", first.Path),
            second =>
            {
                Assert.Equal("/moved", second.Path);
                Assert.Equal("POST", second.Method);
                Assert.Equal("{\"k\":\"v\"}", second.BodyText);
                Assert.Equal("application/json; charset=utf-8", second.Header("Content-Type"));
                Assert.Equal("Basic dTpw", second.Header("Authorization"));
            });
    }

    [Fact]
    public async Task Execute_Redirect302AfterPost_FollowsWithGetWithoutBody()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Redirect("/moved", 302));
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/start"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector, "{\"k\":\"v\"}");

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        var second = server.Requests[1];
        Assert.Equal("GET", second.Method);
        Assert.Empty(second.Body);
        Assert.Null(second.Header("Content-Type"));
    }

    [Fact]
    public async Task Execute_RedirectToOtherAllowedHost_DropsAuthorization()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Redirect($"http://localhost:{server.BaseUri.Port}/other", 307));
        await using var host = Webhooks.Host(o => o.AllowedHosts = ["127.0.0.1", "localhost"]);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/start") }, new JsonObject { ["user"] = "u", ["password"] = "p" });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal("Basic dTpw", server.Requests[0].Header("Authorization"));
        Assert.Equal("/other", server.Requests[1].Path);
        Assert.Equal("localhost:" + server.BaseUri.Port, server.Requests[1].Header("Host"));
        Assert.Null(server.Requests[1].Header("Authorization"));
    }

    [Fact]
    public async Task Execute_FiveRedirects_Followed()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(Enumerable.Range(1, 5).Select(i => LoopbackServer.Redirect($"/hop{i}", 307)).ToArray());
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/hop0"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(["/hop0", "/hop1", "/hop2", "/hop3", "/hop4", "/hop5"], server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Execute_SixRedirects_FailsAfterFiveHops()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Redirect("/again", 307);
        await using var host = Webhooks.Host(o =>
        {
            o.MaxAttempts = 3;
            o.RetryBaseDelay = TimeSpan.Zero;
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/start"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Equal("Maximum number of redirects exceeded (5)", result.ServiceMessage);
        Assert.Equal(6, server.Requests.Count);
    }
    [Fact]
    public async Task Execute_RedirectToUnsupportedScheme_RequestFailed()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Redirect("ftp://127.0.0.1/file", 302));
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/start"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Equal("[ERR_BAD_REQUEST] Unsupported protocol ftp:", result.ServiceMessage);
        Assert.Single(server.Requests);
    }
    [Fact]
    public async Task Execute_UrlWithUnsupportedScheme_RequestFailedNotRetried()
    {
        await using var host = Webhooks.Host(o =>
        {
            o.MaxAttempts = 3;
            o.RetryBaseDelay = TimeSpan.Zero;
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = "ftp://127.0.0.1/file", ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Equal("[ERR_BAD_REQUEST] Unsupported protocol ftp:", result.ServiceMessage);
        Assert.Null(result.Retry);
    }
    [Fact]
    public async Task Execute_TokenEndpointRedirectsToDisallowedHost_RequestFailedNoWebhookCall()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Redirect($"http://localhost:{server.BaseUri.Port}/steal", 307));
        await using var host = Webhooks.Host(o => o.AllowedHosts = ["127.0.0.1"]);
        var connector = await host.CreateWebhookAsync(
            new JsonObject
            {
                ["url"] = server.Url("/hook"),
                ["authType"] = "webhook-oauth2-client-credentials",
                ["accessTokenUrl"] = server.Url("/token"),
                ["clientId"] = "c",
            },
            new JsonObject { ["clientSecret"] = "s" });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Equal("target hostname \"localhost\" is not added to the Kibana config xpack.actions.allowedHosts", result.ServiceMessage);
        Assert.Equal(["/token"], server.Requests.Select(r => r.Path));
    }
}
