using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Bedrock;
using Connectors.ConnectorTypes.Common;

namespace Connectors.Core.Tests.ConnectorTypes.Bedrock;

public sealed class BedrockBodyTests
{
    private static BedrockMessage Text(string role, string content) => new() { Role = role, Content = content };

    private static string Json(JsonNode node) => node.ToJsonString(HttpResults.JsonOptions);

    [Fact]
    public void EnsureMessageFormat_SystemMessagesJoinedAfterTheSystemParam_RolesForced()
    {
        var (messages, system) = BedrockBody.EnsureMessageFormat(
            [Text("system", "be brief"), Text("user", "hi"), Text("ai", "hello"), Text("system", "and kind"), Text("human", "again")],
            "you are a bot");

        Assert.Equal("you are a bot\nbe brief\nand kind", system);
        Assert.Equal(
            "[{\"content\":\"hi\",\"role\":\"user\"},{\"content\":\"hello\",\"role\":\"assistant\"},{\"content\":\"again\",\"role\":\"user\"}]",
            Json(messages));
    }

    [Fact]
    public void EnsureMessageFormat_ConsecutiveSameRole_MergedWithNewline()
    {
        var (messages, system) = BedrockBody.EnsureMessageFormat(
            [Text("user", "a"), Text("user", "b"), Text("assistant", "c"), Text("assistant", "d"), Text("user", "e")], null);

        Assert.Null(system);
        Assert.Equal(
            "[{\"content\":\"a\\nb\",\"role\":\"user\"},{\"content\":\"c\\nd\",\"role\":\"assistant\"},{\"content\":\"e\",\"role\":\"user\"}]",
            Json(messages));
    }

    [Fact]
    public void EnsureMessageFormat_MergeComparesTheOriginalRole()
    {
        // "ai" becomes "assistant", so a second "ai" does not equal the pushed role and is not merged (as in Kibana);
        // "human" likewise stays a separate user message.
        var (messages, _) = BedrockBody.EnsureMessageFormat([Text("ai", "a"), Text("ai", "b"), Text("human", "c"), Text("human", "d")], null);

        Assert.Equal(
            "[{\"content\":\"a\",\"role\":\"assistant\"},{\"content\":\"b\",\"role\":\"assistant\"},{\"content\":\"c\",\"role\":\"user\"},{\"content\":\"d\",\"role\":\"user\"}]",
            Json(messages));
    }

    [Fact]
    public void EnsureMessageFormat_RawContent_PassedThroughAndNeverMergedInto()
    {
        var raw = new JsonArray(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = "t1", ["content"] = "42" });
        var (messages, _) = BedrockBody.EnsureMessageFormat(
            [new BedrockMessage { Role = "user", RawContent = raw }, Text("user", "next")], "");

        Assert.Equal(
            "[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"42\"}]},{\"content\":\"next\",\"role\":\"user\"}]",
            Json(messages));
    }

    [Fact]
    public void Format_DefaultsAndKeyOrder()
    {
        var body = BedrockBody.Format([Text("system", "sys"), Text("user", "q")], null, null, null, null, null, null);

        Assert.Equal(
            "{\"anthropic_version\":\"bedrock-2023-05-31\",\"system\":\"sys\",\"messages\":[{\"content\":\"q\",\"role\":\"user\"}],\"max_tokens\":8191,\"temperature\":0}",
            Json(body));
    }

    [Fact]
    public void Format_AllFields()
    {
        var body = BedrockBody.Format(
            [Text("user", "q")],
            "sys",
            100,
            ["\n\nHuman:"],
            0.5,
            [new BedrockTool { Name = "lookup", Description = "find", InputSchema = new JsonObject { ["type"] = "object" } }],
            new BedrockToolChoice { Type = BedrockToolChoiceType.Tool, Name = "lookup" });

        Assert.Equal(
            "{\"anthropic_version\":\"bedrock-2023-05-31\",\"system\":\"sys\",\"messages\":[{\"content\":\"q\",\"role\":\"user\"}],\"max_tokens\":100,"
            + "\"stop_sequences\":[\"\\n\\nHuman:\"],\"temperature\":0.5,\"tools\":[{\"name\":\"lookup\",\"description\":\"find\",\"input_schema\":{\"type\":\"object\"}}],"
            + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"lookup\"}}",
            Json(body));
    }

    [Theory]
    [InlineData("[{\"type\":\"text\",\"text\":\"only\"}]", "only")]
    [InlineData("[{\"type\":\"tool_use\",\"id\":\"x\"}]", "")]
    [InlineData("[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"tool_use\"},{\"type\":\"text\",\"text\":\"b\"}]", "\na\nb")]
    [InlineData("[]", "")]
    public void ParseContent_AsKibana(string content, string expected) =>
        Assert.Equal(expected, BedrockBody.ParseContent(JsonNode.Parse(content)!.AsArray()));

    [Theory]
    [InlineData("https://bedrock-runtime.us-west-2.amazonaws.com", "us-west-2")]
    [InlineData("https://bedrock-runtime.eu-central-1.amazonaws.com/", "eu-central-1")]
    [InlineData("http://bedrock-runtime.us-west-2.amazonaws.com", null)]
    [InlineData("https://proxy.example.com", null)]
    public void ExtractRegionId_AsKibana(string url, string? region) => Assert.Equal(region, BedrockBody.ExtractRegionId(url));

    [Theory]
    [InlineData("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "us.anthropic.claude-sonnet-4-5-20250929-v1%3A0")]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc", "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc")]
    [InlineData("arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc", "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc")]
    [InlineData("a b!*'()", "a%20b!*'()")]
    public void ModelSegment_EncodedExactlyOnce(string model, string expected) => Assert.Equal(expected, BedrockBody.ModelSegment(model));
}

public sealed class BedrockRegionTests
{
    [Theory]
    [InlineData(null, "https://bedrock-runtime.eu-west-3.amazonaws.com", "eu-west-3")]
    [InlineData("ap-south-1", "https://bedrock-runtime.eu-west-3.amazonaws.com", "ap-south-1")]
    [InlineData(null, "https://bedrock.internal.example", "us-east-1")]
    public void RegionOf_ConfigThenApiUrlThenUsEast1(string? region, string apiUrl, string expected) =>
        Assert.Equal(expected, BedrockConnector.RegionOf(new BedrockConfig { ApiUrl = apiUrl, Region = region }));
}

public sealed class BedrockErrorMessageTests
{
    [Theory]
    [InlineData(null, 0, "", "Unexpected API Error: ETIMEDOUT - timed out")]
    [InlineData("{\"message\":\"The requested operation is not recognized by the service.\"}", 400, "Bad Request",
        "API Error: The requested operation is not recognized by the service.\n\nThe Kibana Connector in use may need to be reconfigured with an updated Amazon Bedrock endpoint, like `bedrock-runtime`.")]
    [InlineData("{\"message\":\"Malformed input request\"}", 400, "Bad Request", "API Error: Bad Request - Malformed input request")]
    [InlineData("{\"message\":\"The security token included in the request is invalid.\"}", 401, "Unauthorized", "Unauthorized API Error: The security token included in the request is invalid.")]
    [InlineData("{}", 401, "Unauthorized", "Unauthorized API Error")]
    [InlineData("{}", 500, "Internal Server Error", "API Error: Internal Server Error")]
    public void ErrorMessage_AsGetResponseErrorMessage(string? body, int status, string statusText, string expected)
    {
        var failure = body is null
            ? new Connectors.ConnectorTypes.Common.LlmHttpFailure(null, string.Empty, null, "ETIMEDOUT", "timed out")
            : new Connectors.ConnectorTypes.Common.LlmHttpFailure(status, statusText, JsonNode.Parse(body), null, $"Request failed with status code {status}");

        Assert.Equal(expected, BedrockConnector.ErrorMessage(failure));
    }
}
