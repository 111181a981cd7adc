using System.Text.Json.Nodes;
using Connectors.TestUtilities;

namespace Connectors.Core.Tests.ConnectorTypes.Mcp;

/// <summary>What the <c>.mcp</c> executor decides before any request: sub-action dispatch and params validation.</summary>
public sealed class McpConnectorTests
{
    private static async Task<(ConnectorsTestHost Host, Connector Connector)> CreateAsync()
    {
        var host = ConnectorsTestHost.Create(o => o.License = LicenseLevel.Enterprise);
        var connector = await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "mcp",
            ConnectorTypeId = ".mcp",
            Config = new JsonObject { ["serverUrl"] = "http://127.0.0.1:9/mcp", ["authType"] = "bearer" },
            Secrets = new JsonObject { ["token"] = "t" },
        });
        return (host, connector);
    }

    [Theory]
    [InlineData("{\"subAction\":\"callTool\"}", "Request validation failed ([name]: expected value of type [string] but got [undefined])")]
    [InlineData("{\"subAction\":\"callTool\",\"subActionParams\":{\"name\":\"x\",\"arguments\":\"a=1\"}}", "Request validation failed ([arguments]: expected value of type [object] but got [string])")]
    [InlineData("{\"subAction\":\"test\",\"subActionParams\":{\"x\":1}}", "Request validation failed ([x]: definition for this key is missing)")]
    [InlineData("{\"subAction\":\"listTools\",\"subActionParams\":{\"forceRefresh\":\"yes\"}}", "Request validation failed ([forceRefresh]: expected value of type [boolean] but got [string])")]
    public async Task Execute_InvalidSubActionParams_UserErrorBeforeAnyRequest(string json, string serviceMessage)
    {
        var (host, connector) = await CreateAsync();
        await using var _ = host;

        var result = await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = connector.Id, Params = JsonNode.Parse(json)!.AsObject() });

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal(serviceMessage, result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_UnknownSubAction_KibanaText()
    {
        var (host, connector) = await CreateAsync();
        await using var _ = host;

        var result = await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = connector.Id, Params = new JsonObject { ["subAction"] = "listPrompts" } });

        Assert.Equal(
            $"Sub action \"listPrompts\" is not registered. Connector id: {connector.Id}. Connector name: MCP. Connector type: .mcp",
            result.ServiceMessage);
    }

    [Fact]
    public async Task Create_BelowEnterprise_Forbidden()
    {
        await using var host = ConnectorsTestHost.Create(o => o.License = LicenseLevel.Platinum);

        await Assert.ThrowsAsync<ConnectorForbiddenException>(() => host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "mcp",
            ConnectorTypeId = ".mcp",
            Config = new JsonObject { ["serverUrl"] = "http://127.0.0.1:9/mcp" },
        }));
    }
}
