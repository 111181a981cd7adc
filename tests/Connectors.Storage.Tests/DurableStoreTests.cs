using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Storage.Tests;

/// <summary>What only a database store has: restarts, encryption at rest, key rotation, migrations.</summary>
public abstract class DurableStoreTests<TDatabase> : IAsyncLifetime
    where TDatabase : TestDatabase, new()
{
    protected TDatabase Database { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Database.DisposeAsync();

    private static ConnectorRecord Record(string id, string token = "super-secret-token") => new()
    {
        Id = id,
        SpaceId = "default",
        Name = "name " + id,
        ConnectorTypeId = TestConnectorType.TypeId,
        Config = [],
        Secrets = new JsonObject { ["token"] = token },
    };

    [Fact]
    public async Task Records_SurviveARestart()
    {
        using (var first = Database.CreateStore())
        {
            await first.CreateAsync(Record("c1"));
        }

        using var second = Database.CreateStore();
        var read = await second.GetAsync("default", "c1");
        Assert.Equal("super-secret-token", read!.Secrets["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Secrets_AreEncryptedAtRest_WithTheKeyIdStored()
    {
        using var store = Database.CreateStore();
        await store.CreateAsync(Record("c1"));

        var blob = (byte[])(await Database.ScalarAsync("SELECT secrets FROM connectors WHERE id = 'c1'"))!;
        Assert.DoesNotContain("super-secret-token", Encoding.UTF8.GetString(blob), StringComparison.Ordinal);
        Assert.Equal(12 + 16 + """{"token":"super-secret-token"}""".Length, blob.Length);
        Assert.Equal(Storage.Internal.SecretProtector.KeyIdOf(TestKeys.Current), await Database.ScalarAsync("SELECT key_id FROM connectors WHERE id = 'c1'"));
    }

    [Fact]
    public async Task CiphertextMovedToAnotherRecord_FailsToDecrypt_ThatConnectorIsMissingSecrets_OthersWork()
    {
        using (var store = Database.CreateStore())
        {
            await store.CreateAsync(Record("c1", "one"));
            await store.CreateAsync(Record("c2", "two"));
        }

        await Database.ExecuteAsync("UPDATE connectors SET secrets = (SELECT secrets FROM connectors WHERE id = 'c1') WHERE id = 'c2'");

        using var reopened = Database.CreateStore();
        var c2 = (await reopened.GetAsync("default", "c2"))!;
        Assert.True(c2.IsMissingSecrets);
        Assert.Empty(c2.Secrets);
        Assert.False((await reopened.GetAsync("default", "c1"))!.IsMissingSecrets);
        Assert.Single(await reopened.ListAsync("default"), r => r.IsMissingSecrets);
    }

    [Fact]
    public async Task UndecryptableRecord_ExecutingItGivesAClearError_TheRestKeepWorking()
    {
        using (var other = Database.CreateStore(TestKeys.Other))
        {
            await other.CreateAsync(Record("lost"));
        }

        var testType = new TestConnectorType();
        await using var host = ConnectorsTestHost.Create(
            o => o.License = LicenseLevel.Gold,
            s => Use(s.AddSingleton<IConnectorExecutor>(testType).AddConnectors(), Database.ConnectionString, TestKeys.Current));
        await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Id = "fine",
            Name = "fine",
            ConnectorTypeId = TestConnectorType.TypeId,
            Secrets = new JsonObject { ["token"] = "t" },
        });

        Assert.True((await host.Registry.GetAsync("lost")).IsMissingSecrets);
        var failed = await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "lost", Params = new JsonObject { ["message"] = "m" } });
        var ok = await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "fine", Params = new JsonObject { ["message"] = "m" } });

        Assert.Equal(ConnectorResultStatus.Error, failed.Status);
        Assert.Contains("Connector lost is missing its secrets", failed.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectorResultStatus.Ok, ok.Status);
        Assert.Single(testType.Executions);

        await host.Registry.UpdateAsync("lost", new UpdateConnectorRequest { Name = "lost", Secrets = new JsonObject { ["token"] = "new" } });
        var recovered = await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "lost", Params = new JsonObject { ["message"] = "m" } });
        Assert.Equal(ConnectorResultStatus.Ok, recovered.Status);
    }

    [Fact]
    public async Task Rotation_DecryptionOnlyKeysRead_RotateReencryptsEveryRecord_OldKeyThenUnneeded()
    {
        using (var old = Database.CreateStore(TestKeys.Old))
        {
            await old.CreateAsync(Record("c1", "one"));
            await old.CreateAsync(Record("c2", "two") with { SpaceId = "team" });
        }

        using (var rotating = Database.CreateStore(TestKeys.Current, TestKeys.Old))
        {
            Assert.Equal("one", (await rotating.GetAsync("default", "c1"))!.Secrets["token"]!.GetValue<string>());
            await rotating.CreateAsync(Record("c3", "three"));
            Assert.Equal(2, await rotating.RotateEncryptionKeyAsync());
            Assert.Equal(0, await rotating.RotateEncryptionKeyAsync());
        }

        using var current = Database.CreateStore(TestKeys.Current);
        Assert.Equal("one", (await current.GetAsync("default", "c1"))!.Secrets["token"]!.GetValue<string>());
        Assert.Equal("two", (await current.GetAsync("team", "c2"))!.Secrets["token"]!.GetValue<string>());
        Assert.Equal("three", (await current.GetAsync("default", "c3"))!.Secrets["token"]!.GetValue<string>());
        Assert.All(await current.ListAsync("default"), r => Assert.False(r.IsMissingSecrets));
    }

    [Fact]
    public async Task WrongKey_EveryRecordIsMissingSecrets_NothingThrows()
    {
        using (var store = Database.CreateStore())
        {
            await store.CreateAsync(Record("c1"));
        }

        using var wrong = Database.CreateStore(TestKeys.Other);
        var read = (await wrong.GetAsync("default", "c1"))!;
        Assert.True(read.IsMissingSecrets);
        Assert.Equal("name c1", read.Name);
    }

    [Fact]
    public async Task Migrations_ManyInstancesAtOnce_ApplyEachVersionOnce_AndAreIdempotent()
    {
        var stores = Enumerable.Range(0, 6).Select(_ => Database.CreateStore()).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync())));
            await stores[0].MigrateAsync();
            using (var again = Database.CreateStore())
            {
                await again.MigrateAsync();
            }

            Assert.Equal(2L, Convert.ToInt64(await Database.ScalarAsync("SELECT COUNT(*) FROM schema_migrations"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(2L, Convert.ToInt64(await Database.ScalarAsync("SELECT MAX(version) FROM schema_migrations"), System.Globalization.CultureInfo.InvariantCulture));
            await stores[1].CreateAsync(Record("c1"));
            Assert.NotNull(await stores[2].GetAsync("default", "c1"));
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task TwoInstances_StaleUpdateFromTheOther_IsAConflict()
    {
        using var a = Database.CreateStore();
        using var b = Database.CreateStore();
        var created = await a.CreateAsync(Record("c1"));
        await b.UpdateAsync(created with { Name = "from b" }, created.Version);

        await Assert.ThrowsAsync<ConnectorConflictException>(async () => await a.UpdateAsync(created with { Name = "from a" }, created.Version));
        Assert.Equal("from b", (await a.GetAsync("default", "c1"))!.Name);
    }

    protected abstract void Use(IConnectorsBuilder builder, string connectionString, string key);
}

public sealed class SqliteDurableStoreTests : DurableStoreTests<SqliteTestDatabase>
{
    protected override void Use(IConnectorsBuilder builder, string connectionString, string key) =>
        builder.UseSqliteStore(connectionString, o => o.Encryption.Key = key);
}

public sealed class PostgreSqlDurableStoreTests : DurableStoreTests<PostgreSqlTestDatabase>
{
    protected override void Use(IConnectorsBuilder builder, string connectionString, string key) =>
        builder.UsePostgreSqlStore(connectionString, o => o.Encryption.Key = key);
}
