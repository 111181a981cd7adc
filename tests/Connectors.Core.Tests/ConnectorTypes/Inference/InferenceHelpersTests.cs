using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.ConnectorTypes.Inference;
using Microsoft.Extensions.Options;

namespace Connectors.Core.Tests.ConnectorTypes.Inference;

public sealed class InferenceHelpersTests
{
    [Theory]
    [InlineData("Authorization: Bearer abc.def", "Authorization: [redacted]")]
    [InlineData("got Bearer abc.def back", "got Bearer [redacted] back")]
    [InlineData("key sk-abcdefgh1234 leaked", "key [redacted] leaked")]
    [InlineData("{\"authorization\":\"Basic dXNlcjpwdw==\"}", "{\"authorization\":\"[redacted]\"}")]
    [InlineData("{\"token\":\"t0k3n\",\"x\":1}", "{\"token\":\"[redacted]\",\"x\":1}")]
    [InlineData("api_key=abc password=pw client_secret=s access_token=a", "api_key=[redacted] password=[redacted] client_secret=[redacted] access_token=[redacted]")]
    [InlineData("api_key=abc&password=pw", "api_key=[redacted]")]
    [InlineData("{\"aws_secret_access_key\": \"AKIA\"}", "{\"aws_secret_access_key\": \"[redacted]\"}")]
    [InlineData("nothing to hide: tokens are counted", "nothing to hide: tokens are counted")]
    public void Redact_KibanasPatterns(string text, string expected) => Assert.Equal(expected, InferenceErrors.Redact(text));

    [Fact]
    public void Truncate_LongText_1000CharactersWithMarker()
    {
        var text = new string('a', 1500);

        var truncated = InferenceErrors.Truncate(text);

        Assert.Equal(1000, truncated.Length);
        Assert.Equal(new string('a', 985) + "... [truncated]", truncated);
        Assert.Equal("short", InferenceErrors.Truncate("short"));
    }

    [Theory]
    [InlineData("{\"error\":{\"type\":\"status_exception\",\"reason\":\"r\"}}", "status_exception")]
    [InlineData("{\"error\":{\"type\":\"t\",\"root_cause\":[{\"type\":\"a\",\"reason\":\"b\"}]}}", "t\n\tRoot causes:\n\t\ta: b\n")]
    [InlineData("{\"message\":\"no error key\"}", "{\"message\":\"no error key\"}")]
    [InlineData("", "Response Error")]
    public void ResponseErrorMessage_ElasticsearchClientText(string body, string expected) =>
        Assert.Equal(expected, InferenceErrors.ResponseErrorMessage(body.Length == 0 ? null : JsonNode.Parse(body), body));

    private static JsonObject Aggregate(params string[] data)
    {
        var aggregate = new InferenceService.CompletionAggregate();
        foreach (var item in data)
        {
            aggregate.Add(item);
        }

        return aggregate.Result();
    }

    [Fact]
    public void Aggregate_UsageFirst_KeyOrderAsKibanasScan()
    {
        var result = Aggregate(
            "{\"object\":\"chat.completion.chunk\",\"id\":\"a\",\"choices\":[],\"usage\":{\"total_tokens\":3}}",
            "{\"object\":\"chat.completion.chunk\",\"id\":\"b\",\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":\"x\",\"refusal\":\"no\"}}]}",
            "[DONE]");

        Assert.Equal(
            "{\"choices\":[{\"message\":{\"content\":\"x\",\"refusal\":\"no\",\"role\":\"assistant\"}}],\"object\":\"chat.completion\",\"usage\":{\"total_tokens\":3},\"id\":\"b\",\"model\":\"m\"}",
            result.ToJsonString());
    }

    [Fact]
    public void Aggregate_OtherObjectsSkipped_EmptyContentIsNull()
    {
        var result = Aggregate("{\"object\":\"other\",\"choices\":[{\"delta\":{\"content\":\"ignored\"}}]}", "{\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{}}]}");

        Assert.Equal("{\"choices\":[{\"message\":{\"content\":null,\"refusal\":null,\"role\":\"assistant\"}}],\"object\":\"chat.completion\"}", result.ToJsonString());
    }

    [Fact]
    public void Aggregate_NoChunks_Fails()
    {
        var error = Assert.Throws<SubActionException>(() => Aggregate("[DONE]"));
        Assert.Equal("no elements in sequence", error.Message);
    }

    [Fact]
    public void Aggregate_ErrorWithMessage_TruncatedAndRedacted()
    {
        var error = Assert.Throws<SubActionException>(() => Aggregate("{\"error\":{\"message\":\"bad key sk-abcdefghijk\"}}"));
        Assert.Equal("bad key [redacted]", error.Message);
    }

    [Fact]
    public void ChatBody_NDropped_SchemaOrder_NullsOmitted()
    {
        var body = new InferenceChatBody
        {
            User = "u",
            N = 3,
            Messages = [new InferenceMessage { Role = "assistant", ToolCalls = [new InferenceToolCall { Id = "1", Type = "function", Function = new InferenceFunctionCall { Name = "f" } }] }],
            MaxTokens = 100,
        };

        Assert.Equal(
            "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"1\",\"function\":{\"name\":\"f\"},\"type\":\"function\"}]}],\"max_tokens\":100,\"user\":\"u\"}",
            InferenceService.ChatBody(body));
    }

    [Theory]
    [InlineData("openai", "chat_completion", null)]
    [InlineData("elastic", "Text_Embedding", null)]
    [InlineData("alibabacloud-ai-search", "completion_stream", null)]
    [InlineData("", "completion", "Error configuring Inference API action: Error: API Provider is not supported by Inference Endpoint.")]
    [InlineData("openai", "", "Error configuring Inference API action: Error: Task type is not supported by Inference Endpoint.")]
    public void ValidateConfig_ProviderAndTaskType(string provider, string taskType, string? expected)
    {
        var context = new ConnectorValidationContext(new ConnectorPolicy(new StaticOptions(new ConnectorsOptions())));
        var error = InferenceConnector.ValidateConfig(new InferenceConfig { Provider = provider, TaskType = taskType, InferenceId = "x" }, context);
        Assert.Equal(expected, error?.Message);
    }

    private sealed class StaticOptions(ConnectorsOptions value) : IOptionsMonitor<ConnectorsOptions>
    {
        public ConnectorsOptions CurrentValue => value;

        public ConnectorsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConnectorsOptions, string?> listener) => null;
    }
}
