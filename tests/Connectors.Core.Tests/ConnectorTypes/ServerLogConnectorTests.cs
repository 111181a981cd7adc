using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.Extensions.Logging;

namespace Connectors.Core.Tests.ConnectorTypes;

public sealed class ServerLogConnectorTests
{
    [Fact]
    public async Task Execute_LogsSanitisedMessageAtLevel()
    {
        await using var host = ConnectorsTestHost.Create();
        var connector = await host.Registry.CreateAsync(new CreateConnectorRequest { Name = "log", ConnectorTypeId = ".server-log" });

        var result = await host.Registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = connector.Id,
            Params = new JsonObject { ["message"] = "line1\nline2\ttab\u2028x\u0007", ["level"] = "warn" },
        });

        Assert.True(result.IsSuccess);
        Assert.Null(result.Data);
        var record = Assert.Single(host.Logs.GetSnapshot(), r => r.Message.StartsWith("Server log:", StringComparison.Ordinal));
        Assert.Equal("Server log: line1;line2\ttab;x;", record.Message);
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Equal("Connectors.server-log", record.Category);
    }

    [Fact]
    public async Task Execute_DefaultLevelIsInfo()
    {
        await using var host = ConnectorsTestHost.Create();
        var connector = await host.Registry.CreateAsync(new CreateConnectorRequest { Name = "log", ConnectorTypeId = ".server-log" });
        await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = connector.Id, Params = new JsonObject { ["message"] = "" } });
        Assert.Equal(LogLevel.Information, host.Logs.GetSnapshot().Single(r => r.Message.StartsWith("Server log:", StringComparison.Ordinal)).Level);
    }

    [Fact]
    public async Task Execute_BadLevel_IsAParamsError()
    {
        await using var host = ConnectorsTestHost.Create();
        var connector = await host.Registry.CreateAsync(new CreateConnectorRequest { Name = "log", ConnectorTypeId = ".server-log" });
        var result = await host.Registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = connector.Id,
            Params = new JsonObject { ["message"] = "m", ["level"] = "loud" },
        });
        Assert.Equal("error validating action params: [level]: expected one of [trace, debug, info, warn, error, fatal] but got [loud]", result.Message);
    }

    [Fact]
    public async Task Create_WithConfig_IsRejected()
    {
        await using var host = ConnectorsTestHost.Create();
        var ex = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "log",
            ConnectorTypeId = ".server-log",
            Config = new JsonObject { ["x"] = 1 },
        }));
        Assert.Equal("error validating connector type config: [x]: definition for this key is missing", ex.Message);
    }
}
