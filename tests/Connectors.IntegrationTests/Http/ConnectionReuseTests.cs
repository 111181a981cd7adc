using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Connectors.IntegrationTests.Webhook;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Http;

/// <summary>Sequential executes share one pooled TCP connection (the dispatch throughput depends on it).</summary>
public sealed class ConnectionReuseTests
{
    private static (ConcurrentQueue<string> Connections, Func<Microsoft.AspNetCore.Http.HttpContext, Task> Responder) CountingConnections(
        Func<Microsoft.AspNetCore.Http.HttpContext, Task> respond)
    {
        var connections = new ConcurrentQueue<string>();
        return (connections, context =>
        {
            connections.Enqueue(context.Connection.Id);
            return respond(context);
        });
    }

    [Fact]
    public async Task Execute_WebhookTwentyTimes_OneConnection()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (connections, responder) = CountingConnections(LoopbackServer.Respond(200, "ok"));
        server.Fallback = responder;
        await using var host = Webhooks.Host(o => o.MaxAttempts = 3);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/hook"), ["hasAuth"] = false });

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(ConnectorResultStatus.Ok, (await host.ExecuteAsync(connector, $"{{\"i\":{i}}}")).Status);
        }

        Assert.Equal(20, connections.Count);
        Assert.Single(connections.Distinct());
    }

    [Fact]
    public async Task Execute_WebhookErrorResponses_ConnectionStillReused()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (connections, responder) = CountingConnections(LoopbackServer.Respond(400, "{\"error\":\"bad\"}", "application/json"));
        server.Fallback = responder;
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/hook"), ["hasAuth"] = false });

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ConnectorResultStatus.Error, (await host.ExecuteAsync(connector)).Status);
        }

        Assert.Equal(5, connections.Count);
        Assert.Single(connections.Distinct());
    }

    [Fact]
    public async Task Execute_SlackAndPagerDutyTenTimesEach_OneConnectionEach()
    {
        await using var slackServer = await LoopbackServer.StartAsync();
        await using var pagerDutyServer = await LoopbackServer.StartAsync();
        var (slackConnections, slackResponder) = CountingConnections(LoopbackServer.Respond(200, "ok"));
        var (pagerDutyConnections, pagerDutyResponder) = CountingConnections(LoopbackServer.Json(202, "{\"status\":\"success\"}"));
        slackServer.Fallback = slackResponder;
        pagerDutyServer.Fallback = pagerDutyResponder;
        await using var host = Host();
        var slack = await host.CreateAsync(".slack", secrets: new JsonObject { ["webhookUrl"] = slackServer.Url("/services/T/B/X") });
        var pagerDuty = await host.CreateAsync(
            ".pagerduty", new JsonObject { ["apiUrl"] = pagerDutyServer.Url("/v2/enqueue") }, new JsonObject { ["routingKey"] = "R0UT1NGKEY" });

        for (var i = 0; i < 10; i++)
        {
            Assert.True((await host.RunAsync(slack, new JsonObject { ["message"] = "hello" })).IsSuccess);
            Assert.True((await host.RunAsync(pagerDuty, new JsonObject { ["eventAction"] = "trigger", ["summary"] = "s" })).IsSuccess);
        }

        Assert.Equal(10, slackConnections.Count);
        Assert.Single(slackConnections.Distinct());
        Assert.Equal(10, pagerDutyConnections.Count);
        Assert.Single(pagerDutyConnections.Distinct());
    }
}
