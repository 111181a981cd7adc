using System.Text.Json.Nodes;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Webhook;

public sealed class WebhookErrorTests
{
    [Fact]
    public async Task Execute_Status503_RetryLaterWithStatusLine()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(503, "down");
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/h"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, retry later", result.Message);
        Assert.Equal("[503] Service Unavailable", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
        Assert.Null(result.Data);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_Status500WithJsonMessage_AppendsMessage()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(500, "{\"message\":\"disk full\",\"code\":7}");
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/h"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, retry later", result.Message);
        Assert.Equal("[500] Internal Server Error: disk full", result.ServiceMessage);
    }

    [Fact]
    public async Task Execute_Status502WithNonStringJsonMessage_AppendsStringifiedMessage()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(502, "{\"message\":{\"a\":[1,\"x\"]}}");
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/h"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("[502] Bad Gateway: {\"a\":[1,\"x\"]}", result.ServiceMessage);
    }

    [Theory]
    [InlineData(400, "Bad Request")]
    [InlineData(404, "Not Found")]
    public async Task Execute_UserErrorStatus_InvalidResponseWithUserSource(int status, string reason)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(status, "{\"message\":\"nope\"}");
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/h"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, invalid response", result.Message);
        Assert.Equal($"[{status}] {reason}: nope", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Null(result.Retry);
    }

    [Fact]
    public async Task Execute_ConnectionRefused_RequestFailedWithEconnrefused()
    {
        var port = Webhooks.UnusedPort();
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = $"http://127.0.0.1:{port}/h", ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, request failed", result.Message);
        Assert.Equal($"[ECONNREFUSED] Connection refused (127.0.0.1:{port})", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }
}
