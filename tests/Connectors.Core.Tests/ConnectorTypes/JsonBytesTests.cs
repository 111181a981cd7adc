using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.Internal;

namespace Connectors.Core.Tests.ConnectorTypes;

public sealed class JsonBytesTests
{
    public static TheoryData<string> Nodes() => new()
    {
        """{"text":"CPU above 90% <b> & \"quoted\" 'single' é 日本 😀 \u0001 \n"}""",
        """{"a":[1,2.5,-3e10,true,false,null,{"b":{}}],"c":""}""",
        """["x",{"y":"\u2028\u2029</script>"}]""",
        "\"plain\"",
        "12345.678",
    };

    [Theory]
    [MemberData(nameof(Nodes))]
    public void Of_WritesTheSameBytesAsToJsonString(string json)
    {
        var node = JsonNode.Parse(json)!;
        foreach (var options in new[] { HttpResults.JsonOptions, JsonSerializerOptions.Default, new JsonSerializerOptions { WriteIndented = true } })
        {
            Assert.Equal(Encoding.UTF8.GetBytes(node.ToJsonString(options)), JsonBytes.Of(node, options));

            // Twice in a row: the kept writer and buffer give the same bytes again.
            Assert.Equal(Encoding.UTF8.GetBytes(node.ToJsonString(options)), JsonBytes.Of(node, options));
        }
    }

    [Fact]
    public void Of_ALargeNode_IsWrittenWhole()
    {
        var big = new JsonObject { ["text"] = new string('x', 200_000) };

        Assert.Equal(Encoding.UTF8.GetBytes(big.ToJsonString(HttpResults.JsonOptions)), JsonBytes.Of(big, HttpResults.JsonOptions));
        Assert.Equal("{\"a\":1}"u8.ToArray(), JsonBytes.Of(new JsonObject { ["a"] = 1 }, HttpResults.JsonOptions));
    }
}
