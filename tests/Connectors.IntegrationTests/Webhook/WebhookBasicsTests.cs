using System.Text.Json.Nodes;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Webhook;

public sealed class WebhookBasicsTests
{
    [Fact]
    public async Task Execute_PostWithBasicAuth_SendsExactRequestAndReturnsBody()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = ConnectorsTestHost.Create(o => o.License = LicenseLevel.Gold);
        var connector = await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "hook",
            ConnectorTypeId = ".webhook",
            Config = new JsonObject { ["url"] = server.Url("/hook"), ["headers"] = new JsonObject { ["X-Team"] = "ops" } },
            Secrets = new JsonObject { ["user"] = "elastic", ["password"] = "changeme" },
        });

        var result = await host.Registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = connector.Id,
            Params = new JsonObject { ["body"] = "{\"a\":1}" },
        });

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal("{\"a\":1}", result.Data!.GetValue<string>());
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hook", request.Path);
        Assert.Equal("{\"a\":1}", request.BodyText);
        Assert.Equal("Basic ZWxhc3RpYzpjaGFuZ2VtZQ==", request.Header("Authorization"));
        Assert.Equal("ops", request.Header("X-Team"));
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
    }

    [Theory]
    [InlineData("Content-Type", "application/vnd.custom+json", "application/vnd.custom+json")]
    [InlineData("content-type", "text/csv; charset=latin1", "text/csv; charset=latin1")]
    [InlineData("Content-Type", " ", "application/json; charset=utf-8")]
    public async Task Execute_ConfiguredContentType_IsSentAsGivenUnlessBlank(string name, string value, string expected)
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = ConnectorsTestHost.Create(o => o.License = LicenseLevel.Gold);
        var connector = await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "hook",
            ConnectorTypeId = ".webhook",
            Config = new JsonObject { ["url"] = server.Url("/hook"), ["hasAuth"] = false, ["headers"] = new JsonObject { [name] = value, ["X-Team"] = "ops" } },
        });

        var result = await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = connector.Id, Params = new JsonObject { ["body"] = "{\"a\":1}" } });

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal(expected, request.Header("Content-Type"));
        Assert.Equal("ops", request.Header("X-Team"));
        Assert.Equal("{\"a\":1}", request.BodyText);
    }
}
