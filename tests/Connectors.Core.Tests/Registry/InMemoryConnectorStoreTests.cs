using System.Text.Json.Nodes;
using Connectors.Internal;

namespace Connectors.Core.Tests.Registry;

public sealed class InMemoryConnectorStoreTests
{
    private static ConnectorRecord Record(string id = "c1", string space = "default") => new()
    {
        Id = id,
        SpaceId = space,
        Name = "n",
        ConnectorTypeId = ".test",
        Config = new JsonObject { ["count"] = 0 },
        Secrets = new JsonObject { ["token"] = "t" },
    };

    [Fact]
    public async Task UpdateAsync_TwoHundredParallelWriters_LoseNoUpdate()
    {
        var store = new InMemoryConnectorStore(TimeProvider.System);
        await store.CreateAsync(Record());

        await Parallel.ForAsync(0, 200, async (_, ct) =>
        {
            while (true)
            {
                var current = (await store.GetAsync("default", "c1", ct))!;
                var count = current.Config["count"]!.GetValue<int>();
                try
                {
                    await store.UpdateAsync(current with { Config = new JsonObject { ["count"] = count + 1 } }, current.Version, ct);
                    return;
                }
                catch (ConnectorConflictException)
                {
                    // Someone else won this round: read again.
                }
            }
        });

        var final = (await store.GetAsync("default", "c1"))!;
        Assert.Equal(200, final.Config["count"]!.GetValue<int>());
        Assert.Equal(201, final.Version);
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_IsAConflict()
    {
        var store = new InMemoryConnectorStore(TimeProvider.System);
        var created = await store.CreateAsync(Record());
        await store.UpdateAsync(created with { Name = "a" }, created.Version);
        var ex = await Assert.ThrowsAsync<ConnectorConflictException>(async () => await store.UpdateAsync(created with { Name = "b" }, created.Version));
        Assert.Equal("Saved object [action/c1] conflict", ex.Message);
    }

    [Fact]
    public async Task GetAsync_ReturnsCopies_CallersCannotChangeTheStore()
    {
        var store = new InMemoryConnectorStore(TimeProvider.System);
        await store.CreateAsync(Record());
        var copy = (await store.GetAsync("default", "c1"))!;
        copy.Secrets["token"] = "changed";
        Assert.Equal("t", (await store.GetAsync("default", "c1"))!.Secrets["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListAsync_IsolatesSpaces()
    {
        var store = new InMemoryConnectorStore(TimeProvider.System);
        await store.CreateAsync(Record("a"));
        await store.CreateAsync(Record("b", "other"));
        Assert.Equal(["a"], (await store.ListAsync("default")).Select(r => r.Id));
        Assert.Null(await store.GetAsync("other", "a"));
    }
}
