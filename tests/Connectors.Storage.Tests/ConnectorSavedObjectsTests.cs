using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Storage.Tests;

public sealed class ConnectorSavedObjectsTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase database = new();
    private readonly TestConnectorType testType = new();
    private ConnectorsTestHost host = null!;

    public Task InitializeAsync()
    {
        host = ConnectorsTestHost.Create(
            o => o.License = LicenseLevel.Gold,
            s => s.AddSingleton<IConnectorExecutor>(testType).AddConnectors().UseSqliteStore(database.ConnectionString, o => o.Encryption.Key = TestKeys.Current));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await database.DisposeAsync();
    }

    private IConnectorStore Store => host.Services.GetRequiredService<IConnectorStore>();

    private async Task<string> ExportAsync(string space = "default")
    {
        using var stream = new MemoryStream();
        await ConnectorSavedObjects.ExportAsync(Store, space, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private Task<ConnectorImportResult> ImportAsync(string ndjson, string space = "default", bool overwrite = false) =>
        ConnectorSavedObjects.ImportAsync(Store, space, new MemoryStream(Encoding.UTF8.GetBytes(ndjson)), overwrite);

    [Fact]
    public async Task ExportAsync_WritesKibanaSavedObjectsWithoutSecrets_ThenTheSummaryLine()
    {
        await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Id = "t1",
            Name = "My test",
            ConnectorTypeId = TestConnectorType.TypeId,
            Config = new JsonObject { ["url"] = "https://example.com" },
            Secrets = new JsonObject { ["token"] = "super-secret-token" },
        });

        var text = await ExportAsync();

        Assert.DoesNotContain("super-secret-token", text, StringComparison.Ordinal);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var saved = JsonNode.Parse(lines[0])!.AsObject();
        Assert.Equal("action", saved["type"]!.GetValue<string>());
        Assert.Equal("t1", saved["id"]!.GetValue<string>());
        var attributes = saved["attributes"]!.AsObject();
        Assert.Equal(".test", attributes["actionTypeId"]!.GetValue<string>());
        Assert.Equal("My test", attributes["name"]!.GetValue<string>());
        Assert.Equal("https://example.com", attributes["config"]!["url"]!.GetValue<string>());
        Assert.Equal("{}", attributes["secrets"]!.ToJsonString());
        Assert.True(attributes["isMissingSecrets"]!.GetValue<bool>());
        Assert.Equal(1, JsonNode.Parse(lines[1])!["exportedCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task ImportAsync_ConnectorsMissSecretsUntilAnUpdate_ExecutingOneSaysSo()
    {
        await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Id = "t1",
            Name = "My test",
            ConnectorTypeId = TestConnectorType.TypeId,
            Secrets = new JsonObject { ["token"] = "super-secret-token" },
        });
        var exported = await ExportAsync();

        var result = await ImportAsync(exported, space: "team");

        Assert.Equal(["t1"], result.Imported);
        Assert.Equal(["1 connector has sensitive information that require updates."], result.Warnings);
        var imported = await host.Registry.GetAsync("t1", "team");
        Assert.True(imported.IsMissingSecrets);
        var refused = await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "t1", SpaceId = "team", Params = new JsonObject { ["message"] = "m" } });
        Assert.Equal(ConnectorResultStatus.Error, refused.Status);
        Assert.Contains("is missing its secrets", refused.Message, StringComparison.Ordinal);
        Assert.Empty(testType.Executions);

        await host.Registry.UpdateAsync("t1", new UpdateConnectorRequest { SpaceId = "team", Name = "My test", Secrets = new JsonObject { ["token"] = "again" } });
        Assert.False((await host.Registry.GetAsync("t1", "team")).IsMissingSecrets);
        var ok = await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "t1", SpaceId = "team", Params = new JsonObject { ["message"] = "m" } });
        Assert.Equal(ConnectorResultStatus.Ok, ok.Status);
    }

    [Fact]
    public async Task ImportAsync_KibanaFile_IgnoresOtherTypes_ReportsConflicts_OverwriteReplaces()
    {
        const string Kibana = """
            {"attributes":{"actionTypeId":".server-log","config":{},"isMissingSecrets":false,"name":"log","secrets":{}},"coreMigrationVersion":"8.8.0","id":"log-1","managed":false,"references":[],"type":"action","typeMigrationVersion":"8.3.0","updated_at":"2026-01-01T00:00:00.000Z","version":"WzEsMV0="}
            {"attributes":{"title":"a rule"},"id":"r1","type":"alert","references":[]}
            {"attributes":{"actionTypeId":".test","config":{"url":"https://a"},"isMissingSecrets":true,"name":"t","secrets":{}},"id":"t-1","references":[],"type":"action"}
            {"excludedObjects":[],"excludedObjectsCount":0,"exportedCount":3,"missingRefCount":0,"missingReferences":[]}
            """;

        var first = await ImportAsync(Kibana);
        var second = await ImportAsync(Kibana);
        var third = await ImportAsync(Kibana.Replace("\"name\":\"t\"", "\"name\":\"renamed\"", StringComparison.Ordinal), overwrite: true);

        Assert.Equal(["log-1", "t-1"], first.Imported);
        Assert.Equal(["2 connectors have sensitive information that require updates."], first.Warnings);
        Assert.Empty(second.Imported);
        Assert.Equal(["log-1", "t-1"], second.Conflicts);
        Assert.Equal(["log-1", "t-1"], third.Imported);
        var t1 = (await Store.GetAsync("default", "t-1"))!;
        Assert.Equal("renamed", t1.Name);
        Assert.Equal("https://a", t1.Config["url"]!.GetValue<string>());
        Assert.True(t1.IsMissingSecrets);
    }

    [Fact]
    public async Task ImportAsync_NotJson_IsAValidationError()
    {
        var ex = await Assert.ThrowsAsync<ConnectorValidationException>(() => ImportAsync("{\"type\":\"action\"}\nnot json"));
        Assert.Contains("line 1", ex.Message, StringComparison.Ordinal);
    }
}
