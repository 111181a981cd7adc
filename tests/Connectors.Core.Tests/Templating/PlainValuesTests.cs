using System.Text.Json.Nodes;
using Connectors.Templating.Internal;

namespace Connectors.Core.Tests.Templating;

/// <summary>The values the Kibana lambdas' <c>resolve</c> callback returns.</summary>
public sealed class PlainValuesTests
{
    [Fact]
    public void From_JsonNode_ReturnsPlainClrValues()
    {
        var node = JsonNode.Parse("""{"n":1.5,"s":"x","b":true,"z":null,"a":[1,"y"],"o":{"k":2}}""");

        var plain = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(PlainValues.From(node, kibana: true, 0));

        Assert.Equal(1.5, plain["n"]);
        Assert.Equal("x", plain["s"]);
        Assert.Equal(true, plain["b"]);
        Assert.Null(plain["z"]);
        Assert.Equal(new object?[] { 1.0, "y" }, Assert.IsAssignableFrom<IReadOnlyList<object?>>(plain["a"]));
        Assert.Equal(2.0, Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(plain["o"])["k"]);
    }

    [Fact]
    public void From_KibanaDottedKeys_ExpandsThem()
    {
        var node = JsonNode.Parse("""{"a.b":2,"a":{"x":1},"__proto__":{"p":1}}""");

        var plain = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(PlainValues.From(node, kibana: true, 0));

        var a = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(plain["a"]);
        Assert.Equal(2.0, a["b"]);
        Assert.Equal(1.0, a["x"]);
        Assert.False(plain.ContainsKey("__proto__"));
    }

    [Fact]
    public void From_PocoAndNumbers_ConvertsToDoubles()
    {
        var plain = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(PlainValues.From(new { i = 3, m = 2.5m, l = new[] { 1L } }, kibana: true, 0));

        Assert.Equal(3.0, plain["i"]);
        Assert.Equal(2.5, plain["m"]);
        Assert.Equal(new object?[] { 1.0 }, Assert.IsAssignableFrom<IReadOnlyList<object?>>(plain["l"]));
    }
}
