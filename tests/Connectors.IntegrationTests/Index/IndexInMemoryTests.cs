using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.IntegrationTests.Index;

public sealed class IndexInMemoryTests
{
    [Fact]
    public async Task Execute_NoClusterUrl_WritesToQueryableInMemoryIndex()
    {
        await using var host = ConnectorsTestHost.Create(fakeTime: true);
        var connector = await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "audit",
            ConnectorTypeId = ".index",
            Config = new JsonObject { ["index"] = "audit", ["executionTimeField"] = "at" },
        });

        var result = await host.Registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = connector.Id,
            Params = new JsonObject { ["documents"] = new JsonArray(new JsonObject { ["alert"] = "{{alert.id}}" }) },
            Variables = new { alert = new { id = "cpu-1" } },
        });

        Assert.True(result.IsSuccess);
        var index = host.Services.GetRequiredService<InMemoryIndexDocumentWriter>();
        Assert.Equal(["audit"], index.Indices);
        var document = Assert.Single(index.GetDocuments("audit"));
        Assert.Equal("1", document.Id);
        Assert.Equal("{\"alert\":\"cpu-1\",\"at\":\"2026-12-04T12:00:00.000Z\"}", document.Source.ToJsonString());
        Assert.Equal(
            "{\"errors\":false,\"took\":0,\"items\":[{\"create\":{\"_index\":\"audit\",\"_id\":\"1\",\"_version\":1,\"result\":\"created\",\"status\":201}}]}",
            result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_HostRegisteredWriter_UsedInsteadOfDefault()
    {
        var writer = new InMemoryIndexDocumentWriter();
        await using var host = ConnectorsTestHost.Create(services: s => s.AddSingleton<IIndexDocumentWriter>(writer));
        var connector = await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "audit",
            ConnectorTypeId = ".index",
            Config = new JsonObject { ["index"] = "mine" },
        });

        await host.Registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = connector.Id,
            Params = new JsonObject { ["documents"] = new JsonArray(new JsonObject { ["a"] = 1 }) },
        });

        Assert.Single(writer.GetDocuments("mine"));
        Assert.Empty(host.Services.GetRequiredService<InMemoryIndexDocumentWriter>().Indices);
    }

    [Theory]
    [InlineData("{}", "error validating action params: [documents]: expected value of type [Array] but got [undefined]")]
    [InlineData("{\"documents\":[{}],\"indexOverride\":\"other\"}", "error validating action params: index must start with \"kibana-alert-history-\"")]
    public async Task Execute_InvalidParams_UserError(string parameters, string expected)
    {
        await using var host = ConnectorsTestHost.Create();
        var connector = await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "audit",
            ConnectorTypeId = ".index",
            Config = new JsonObject { ["index"] = "audit" },
        });

        var result = await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = connector.Id, Params = JsonNode.Parse(parameters)!.AsObject() });

        Assert.Equal(expected, result.Message);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }
}
