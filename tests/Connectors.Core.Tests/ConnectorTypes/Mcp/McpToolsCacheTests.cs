using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Mcp;

namespace Connectors.Core.Tests.ConnectorTypes.Mcp;

public sealed class McpToolsCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject Tools(string name) => new() { ["tools"] = new JsonArray(new JsonObject { ["name"] = name }) };

    [Fact]
    public void Get_Within15Minutes_ServedThenExpired()
    {
        var cache = new McpToolsCache();
        cache.Set("c1:h", Tools("a"), Now);

        Assert.Equal(Tools("a").ToJsonString(), cache.Get("c1:h", Now.AddMinutes(15).AddTicks(-1))!.ToJsonString());
        Assert.Null(cache.Get("c1:h", Now.AddMinutes(15)));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Get_ReturnsACopy()
    {
        var cache = new McpToolsCache();
        var stored = Tools("a");
        cache.Set("k", stored, Now);
        stored["tools"] = new JsonArray();

        cache.Get("k", Now)!["tools"] = new JsonArray();

        Assert.Equal(Tools("a").ToJsonString(), cache.Get("k", Now)!.ToJsonString());
    }

    [Fact]
    public void Set_Again_ReplacesAndRestartsTheClock()
    {
        var cache = new McpToolsCache();
        cache.Set("k", Tools("a"), Now);
        cache.Set("k", Tools("b"), Now.AddMinutes(10));

        Assert.Equal(Tools("b").ToJsonString(), cache.Get("k", Now.AddMinutes(20))!.ToJsonString());
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Set_Over100Entries_EvictsTheLeastRecentlyUsed()
    {
        var cache = new McpToolsCache();
        for (var i = 0; i < McpToolsCache.MaxEntries; i++)
        {
            cache.Set($"k{i}", Tools($"t{i}"), Now);
        }

        Assert.NotNull(cache.Get("k0", Now));
        cache.Set("k100", Tools("t100"), Now);

        Assert.Equal(McpToolsCache.MaxEntries, cache.Count);
        Assert.NotNull(cache.Get("k0", Now));
        Assert.Null(cache.Get("k1", Now));
        Assert.NotNull(cache.Get("k100", Now));
    }
}
