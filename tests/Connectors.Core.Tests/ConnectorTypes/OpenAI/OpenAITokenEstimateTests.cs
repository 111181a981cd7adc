using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.Core.Tests.ConnectorTypes.OpenAI;

public sealed class OpenAITokenEstimateTests
{
    [Fact]
    public void Count_O200kBase_KnownValues()
    {
        Assert.Equal(2, TokenEstimates.Count("hello world"));
        Assert.Equal(0, TokenEstimates.Count(string.Empty));
    }

    [Fact]
    public void OpenAIPrompt_MessagesAndFunctions_KibanasTemplate()
    {
        const string body =
            "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\",\"name\":\"ann\"},"
            + "{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":\"f\",\"arguments\":\"{}\"}}],"
            + "\"functions\":[{\"name\":\"f\",\"description\":\"d\",\"parameters\":{\"type\":\"object\"}}]}";

        var expected = TokenEstimates.Count("<|start|>system\nBe brief.\n<|end|>\n<|start|>user\nHi\nann<|end|>\n<|start|>assistant\nnull\nf\n{}<|end|>")
            + TokenEstimates.Count("<|start|>f\nd\n{\"type\":\"object\"}<|end|>");

        Assert.Equal(expected, TokenEstimates.OpenAIPrompt(body));
        Assert.Null(TokenEstimates.OpenAIPrompt("{not json"));
        Assert.Null(TokenEstimates.OpenAIPrompt("{\"prompt\":\"legacy\"}"));
    }

    [Fact]
    public void StreamEstimator_ChunkDeltas_ContentAndFunctionCall()
    {
        var estimator = new OpenAIStreamTokenEstimator("{\"messages\":[]}");
        estimator.Observe(JsonNode.Parse("{\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}")!);
        estimator.Observe(JsonNode.Parse("{\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"lo\",\"function_call\":{\"name\":\"g\",\"arguments\":\"{}\"}}}]}")!);
        estimator.Observe(JsonNode.Parse("{\"object\":\"other\",\"choices\":[{\"delta\":{\"content\":\"ignored\"}}]}")!);

        var completion = TokenEstimates.Count("{\"content\":\"Hello\",\"function_call\":{\"name\":\"g\",\"arguments\":\"{}\"}}");
        Assert.Equal(new TokenUsage(0, completion, completion), estimator.Estimate());
    }
}
