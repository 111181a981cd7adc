using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Storage.Tests;

/// <summary>The behaviour every <see cref="IConnectorStore"/> must have; one subclass per store.</summary>
public abstract class ConnectorStoreContractTests : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    protected IConnectorStore Store { get; private set; } = null!;

    protected abstract Task<IConnectorStore> CreateStoreAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public virtual Task DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    protected static ConnectorRecord Record(string id = "c1", string space = "default", string token = "t") => new()
    {
        Id = id,
        SpaceId = space,
        Name = "name " + id,
        ConnectorTypeId = ".test",
        Config = new JsonObject { ["count"] = 0, ["url"] = "https://example.com/" + id },
        Secrets = new JsonObject { ["token"] = token },
    };

    [Fact]
    public async Task CreateAsync_ThenGet_RoundTripsEverythingWithVersionOne()
    {
        var created = await Store.CreateAsync(Record());
        var read = await Store.GetAsync("default", "c1");

        Assert.NotNull(read);
        Assert.Equal(1, created.Version);
        Assert.Equal(1, read.Version);
        Assert.Equal("name c1", read.Name);
        Assert.Equal(".test", read.ConnectorTypeId);
        Assert.Equal("""{"count":0,"url":"https://example.com/c1"}""", read.Config.ToJsonString());
        Assert.Equal("""{"token":"t"}""", read.Secrets.ToJsonString());
        Assert.False(read.IsMissingSecrets);
        Assert.Equal(Time.GetUtcNow(), read.CreatedAt);
        Assert.Equal(Time.GetUtcNow(), read.UpdatedAt);
    }

    [Fact]
    public async Task CreateAsync_SameIdTwice_IsAConflict()
    {
        await Store.CreateAsync(Record());
        var ex = await Assert.ThrowsAsync<ConnectorConflictException>(async () => await Store.CreateAsync(Record(token: "other")));
        Assert.Equal("Saved object [action/c1] conflict", ex.Message);
        Assert.Equal("t", (await Store.GetAsync("default", "c1"))!.Secrets["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetAsync_Unknown_ReturnsNull() => Assert.Null(await Store.GetAsync("default", "nope"));

    [Fact]
    public async Task UpdateAsync_IncrementsVersion_KeepsCreatedAt_SetsUpdatedAt()
    {
        var created = await Store.CreateAsync(Record());
        Time.Advance(TimeSpan.FromMinutes(5));

        var updated = await Store.UpdateAsync(created with { Name = "renamed", Secrets = new JsonObject { ["token"] = "t2" } }, created.Version);
        var read = (await Store.GetAsync("default", "c1"))!;

        Assert.Equal(2, updated.Version);
        Assert.Equal(2, read.Version);
        Assert.Equal("renamed", read.Name);
        Assert.Equal("t2", read.Secrets["token"]!.GetValue<string>());
        Assert.Equal(created.CreatedAt, read.CreatedAt);
        Assert.Equal(created.CreatedAt.AddMinutes(5), read.UpdatedAt);
        Assert.Equal(read.UpdatedAt, updated.UpdatedAt);
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_IsAConflictAndNothingIsLost()
    {
        var created = await Store.CreateAsync(Record());
        await Store.UpdateAsync(created with { Name = "first" }, created.Version);

        var ex = await Assert.ThrowsAsync<ConnectorConflictException>(async () => await Store.UpdateAsync(created with { Name = "second" }, created.Version));

        Assert.Equal("Saved object [action/c1] conflict", ex.Message);
        Assert.Equal("first", (await Store.GetAsync("default", "c1"))!.Name);
    }

    [Fact]
    public async Task UpdateAsync_Unknown_IsNotFound()
    {
        var ex = await Assert.ThrowsAsync<ConnectorNotFoundException>(async () => await Store.UpdateAsync(Record("ghost"), 1));
        Assert.Equal("Saved object [action/ghost] not found", ex.Message);
    }

    [Fact]
    public async Task DeleteAsync_RemovesOnce()
    {
        await Store.CreateAsync(Record());
        Assert.True(await Store.DeleteAsync("default", "c1"));
        Assert.False(await Store.DeleteAsync("default", "c1"));
        Assert.Null(await Store.GetAsync("default", "c1"));
    }

    [Fact]
    public async Task Spaces_AreIsolated()
    {
        await Store.CreateAsync(Record("c1", "default", "default-token"));
        await Store.CreateAsync(Record("c1", "team-a", "team-token"));
        await Store.CreateAsync(Record("c2", "team-a"));

        Assert.Equal("default-token", (await Store.GetAsync("default", "c1"))!.Secrets["token"]!.GetValue<string>());
        Assert.Equal("team-token", (await Store.GetAsync("team-a", "c1"))!.Secrets["token"]!.GetValue<string>());
        Assert.Null(await Store.GetAsync("default", "c2"));
        Assert.Equal(["c1"], (await Store.ListAsync("default")).Select(r => r.Id));
        Assert.Equal(["c1", "c2"], (await Store.ListAsync("team-a")).Select(r => r.Id).Order());
        Assert.Empty(await Store.ListAsync("team-b"));

        Assert.True(await Store.DeleteAsync("team-a", "c1"));
        Assert.NotNull(await Store.GetAsync("default", "c1"));
    }

    [Fact]
    public async Task ListAsync_ReturnsEveryRecordOfTheSpaceWithSecrets()
    {
        for (var i = 0; i < 25; i++)
        {
            await Store.CreateAsync(Record("c" + i, token: "t" + i));
        }

        var list = await Store.ListAsync("default");

        Assert.Equal(25, list.Count);
        Assert.All(list, r => Assert.Equal("t" + r.Id[1..], r.Secrets["token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Records_AreCopies_CallersCannotChangeTheStore()
    {
        var input = Record();
        var created = await Store.CreateAsync(input);
        input.Config["count"] = 99;
        created.Secrets["token"] = "changed";
        var read = (await Store.GetAsync("default", "c1"))!;
        read.Config["count"] = 42;

        var again = (await Store.GetAsync("default", "c1"))!;
        Assert.Equal(0, again.Config["count"]!.GetValue<int>());
        Assert.Equal("t", again.Secrets["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task IsMissingSecrets_RoundTrips()
    {
        var created = await Store.CreateAsync(Record() with { Secrets = [], IsMissingSecrets = true });
        Assert.True((await Store.GetAsync("default", "c1"))!.IsMissingSecrets);

        await Store.UpdateAsync(created with { IsMissingSecrets = false }, created.Version);
        Assert.False((await Store.GetAsync("default", "c1"))!.IsMissingSecrets);
    }

    [Fact]
    public async Task UpdateAsync_ParallelWriters_LoseNoUpdate()
    {
        await Store.CreateAsync(Record());
        const int Writers = 8, Increments = 5;

        await Parallel.ForAsync(0, Writers, new ParallelOptions { MaxDegreeOfParallelism = Writers }, async (_, ct) =>
        {
            for (var i = 0; i < Increments; i++)
            {
                while (true)
                {
                    var current = (await Store.GetAsync("default", "c1", ct))!;
                    var count = current.Config["count"]!.GetValue<int>();
                    try
                    {
                        await Store.UpdateAsync(current with { Config = new JsonObject { ["count"] = count + 1 } }, current.Version, ct);
                        break;
                    }
                    catch (ConnectorConflictException)
                    {
                        // Someone else won this round: read again.
                    }
                }
            }
        });

        var final = (await Store.GetAsync("default", "c1"))!;
        Assert.Equal(Writers * Increments, final.Config["count"]!.GetValue<int>());
        Assert.Equal(1 + (Writers * Increments), final.Version);
    }
}

public sealed class InMemoryStoreContractTests : ConnectorStoreContractTests
{
    private ServiceProvider? provider;

    protected override Task<IConnectorStore> CreateStoreAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddConnectors();
        provider = services.BuildServiceProvider();
        return Task.FromResult(provider.GetRequiredService<IConnectorStore>());
    }

    public override async Task DisposeAsync()
    {
        if (provider is not null)
        {
            await provider.DisposeAsync();
        }
    }
}

public sealed class SqliteStoreContractTests : ConnectorStoreContractTests
{
    private readonly SqliteTestDatabase database = new();

    protected override Task<IConnectorStore> CreateStoreAsync() =>
        Task.FromResult<IConnectorStore>(database.CreateStore(TestKeys.Options(TestKeys.Current), Time));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }
}

public sealed class PostgreSqlStoreContractTests : ConnectorStoreContractTests
{
    private readonly PostgreSqlTestDatabase database = new();

    protected override Task<IConnectorStore> CreateStoreAsync() =>
        Task.FromResult<IConnectorStore>(database.CreateStore(TestKeys.Options(TestKeys.Current), Time));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }
}
