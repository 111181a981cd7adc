using System.Text.Json.Nodes;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Webhook;

public sealed class WebhookMethodTests
{
    [Theory]
    [InlineData("post", "POST")]
    [InlineData("put", "PUT")]
    [InlineData("patch", "PATCH")]
    public async Task Execute_MethodWithBody_SendsExactBodyBytes(string method, string wire)
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/in?x=1"), ["method"] = method, ["hasAuth"] = false });
        const string body = "{\"text\":\"h\u00e9llo \\\"w\\\"\",\"n\":[1,2]}";

        var result = await host.ExecuteAsync(connector, body);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(body, result.Data!.GetValue<string>());
        var request = Assert.Single(server.Requests);
        Assert.Equal(wire, request.Method);
        Assert.Equal("/in", request.Path);
        Assert.Equal("?x=1", request.QueryString);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(body), request.Body);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture), request.Header("Content-Length"));
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        Assert.Null(request.Header("Authorization"));
    }

    [Theory]
    [InlineData("get", "GET")]
    [InlineData("delete", "DELETE")]
    public async Task Execute_MethodWithoutBody_SendsNoBodyAndReturnsParamsBody(string method, string wire)
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/res/1"), ["method"] = method, ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector, "{\"ignored\":true}");

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal("{\"ignored\":true}", result.Data!.GetValue<string>());
        var request = Assert.Single(server.Requests);
        Assert.Equal(wire, request.Method);
        Assert.Equal("/res/1", request.Path);
        Assert.Empty(request.Body);
        Assert.Null(request.Header("Content-Type"));
        Assert.Null(request.Header("Transfer-Encoding"));
    }

    [Fact]
    public async Task Execute_NonJsonBody_SendsTextPlain()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/t"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector, "plain words");

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal("plain words", request.BodyText);
        Assert.Equal("text/plain; charset=utf-8", request.Header("Content-Type"));
    }

    [Fact]
    public async Task Execute_NoBodyParam_SendsEmptyPostAndReturnsNoData()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/e"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector, body: null);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Null(result.Data);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Empty(request.Body);
    }
    [Fact]
    public async Task Execute_NullOptionalFields_TreatedAsAbsent()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(
            new JsonObject { ["url"] = server.Url("/n"), ["headers"] = null, ["authType"] = null, ["method"] = "put" },
            new JsonObject { ["user"] = "u", ["password"] = "p", ["secretHeaders"] = null, ["crt"] = null, ["clientSecret"] = null });

        var result = await host.ExecuteAsync(connector, "b");

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("Basic dTpw", request.Header("Authorization"));
    }
}
