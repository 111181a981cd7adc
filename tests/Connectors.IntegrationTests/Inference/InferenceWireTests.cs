using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Inference;

public sealed class InferenceWireTests
{
    private const string EsApiKey = "es-SECRET-api-key";

    private static ConnectorsTestHost EsHost(LoopbackServer server, bool fakeTime = false) => Host(
        o =>
        {
            o.License = LicenseLevel.Enterprise;
            o.ServiceUrls[".inference"] = server.Url("/");
            o.Inference.ApiKey = EsApiKey;
        },
        fakeTime);

    private static Task<global::Connectors.Connector> CreateAsync(ConnectorsTestHost host, string taskType = "chat_completion") =>
        host.CreateAsync(
            ".inference",
            new JsonObject
            {
                ["provider"] = "openai",
                ["taskType"] = taskType,
                ["inferenceId"] = "my-endpoint",
                ["providerConfig"] = new JsonObject { ["model_id"] = "gpt-4o" },
            },
            new JsonObject { ["providerSecrets"] = new JsonObject { ["api_key"] = "sk-provider-SECRET-123456" } });

    private static JsonObject Chat(string subAction, string? pluginId = null)
    {
        var parameters = new JsonObject
        {
            ["body"] = new JsonObject
            {
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "What is 2+2?" }),
                ["n"] = 1,
                ["temperature"] = 0.1,
                ["tools"] = new JsonArray(new JsonObject
                {
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = "add", ["parameters"] = new JsonObject { ["type"] = "object" } },
                }),
            },
        };
        if (pluginId is not null)
        {
            parameters["telemetryMetadata"] = new JsonObject { ["pluginId"] = pluginId };
        }

        return new JsonObject { ["subAction"] = subAction, ["subActionParams"] = parameters };
    }

    private const string ExpectedChatBody =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"}],\"temperature\":0.1,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"add\",\"parameters\":{\"type\":\"object\"}}}]}";

    private static string Chunk(string delta, string? finish = null) =>
        $"data: {{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{{\"index\":0,\"delta\":{delta}{(finish is null ? string.Empty : $",\"finish_reason\":\"{finish}\"")}}}]}}\n\n";

    private const string UsageChunk =
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"completion_tokens\":7,\"prompt_tokens\":20,\"total_tokens\":27}}\n\n";

    [Fact]
    public async Task UnifiedCompletion_StreamAggregated_RequestAsKibanaSendsIt_UsageRecorded()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(
            200,
            Chunk("{\"role\":\"assistant\",\"content\":\"The answer\"}")
            + Chunk("{\"content\":\" is 4.\"}")
            + Chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_\",\"type\":\"function\",\"function\":{\"name\":\"ad\",\"arguments\":\"\"}}]}")
            + Chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"1\",\"function\":{\"name\":\"d\",\"arguments\":\"\"}}]}")
            + Chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\":2}\"}}]}", "tool_calls")
            + UsageChunk
            + "data: [DONE]\n\n",
            "text/event-stream");
        await using var host = EsHost(server);
        using var tokens = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Connectors", "gen_ai.client.token.usage");
        var connector = await CreateAsync(host);

        var result = await host.RunAsync(connector, Chat("unified_completion", "securitySolutionUI"));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/_inference/chat_completion/my-endpoint/_stream", "?timeout=180s"), (request.Method, request.Path, request.QueryString));
        Assert.Equal($"ApiKey {EsApiKey}", request.Header("Authorization"));
        Assert.Equal("securitySolutionUI", request.Header("X-Elastic-Product-Use-Case"));
        Assert.Equal("identity", request.Header("Accept-Encoding"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal(ExpectedChatBody, request.BodyText);
        Assert.Equal(
            "{\"choices\":[{\"message\":{\"content\":\"The answer is 4.\",\"refusal\":null,\"role\":\"assistant\",\"tool_calls\":["
            + "{\"function\":{\"name\":\"add\",\"arguments\":\"{}\"},\"id\":\"call_1\",\"type\":\"function\"},"
            + "{\"function\":{\"name\":\"add\",\"arguments\":\"{\\\"a\\\":2}\"},\"id\":\"call_2\",\"type\":\"function\"}]}}],"
            + "\"object\":\"chat.completion\",\"id\":\"c1\",\"model\":\"gpt-4o\",\"usage\":{\"completion_tokens\":7,\"prompt_tokens\":20,\"total_tokens\":27}}",
            result.Data!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id });
        Assert.Equal(new TokenUsage(20, 7, 27), events.Single(e => e.Action == ConnectorEventActions.Execute).TokenUsage);
        Assert.Equal(2, tokens.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task UnifiedCompletionStream_ChunksOneByOne_DefaultUseCase_UsageAtTheEnd()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var gate = new SemaphoreSlim(0);
        string[] events = [Chunk("{\"content\":\"Fo\"}"), Chunk("{\"content\":\"ur\"}", "stop"), UsageChunk, "data: [DONE]\n\n"];
        server.Fallback = async context =>
        {
            context.Response.ContentType = "text/event-stream";
            foreach (var item in events)
            {
                await context.Response.WriteAsync(item, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await gate.WaitAsync(context.RequestAborted);
            }
        };
        await using var host = EsHost(server);
        var connector = await CreateAsync(host);

        var result = await host.RunAsync(connector, Chat("unified_completion_stream"));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("inference", Assert.Single(server.Requests).Header("X-Elastic-Product-Use-Case"));
        var chunks = new List<ConnectorStreamChunk>();
        await foreach (var chunk in result.Stream!)
        {
            chunks.Add(chunk);
            if (chunks.Count == 1)
            {
                var during = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id });
                Assert.DoesNotContain(during, e => e.Action == ConnectorEventActions.Execute);
            }

            gate.Release();
        }

        Assert.Equal(["Fo", "ur", null, null], chunks.Select(c => c.Content));
        Assert.Equal(events, chunks.Select(c => Encoding.UTF8.GetString(c.Raw.Span)));
        var after = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id });
        Assert.Equal(new TokenUsage(20, 7, 27), after.Single(e => e.Action == ConnectorEventActions.Execute).TokenUsage);
    }

    [Fact]
    public async Task UnifiedCompletion_ErrorChunk_Fails()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(
            200, Chunk("{\"content\":\"x\"}") + "data: {\"error\":{\"reason\":\"upstream said no\"}}\n\n", "text/event-stream");
        await using var host = EsHost(server);
        var connector = await CreateAsync(host);

        var result = await host.RunAsync(connector, Chat("unified_completion"));

        Assert.Equal("upstream said no", result.ServiceMessage);
    }

    [Fact]
    public async Task UnifiedCompletion_FinishReasonLength_TokenLimitError()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(200, Chunk("{\"content\":\"x\"}", "length"), "text/event-stream");
        await using var host = EsHost(server);
        var connector = await CreateAsync(host);

        var result = await host.RunAsync(connector, Chat("unified_completion"));

        Assert.Equal("createTokenLimitReachedError()", result.ServiceMessage);
    }

    [Theory]
    [InlineData(400, "{\"error\":\"bad\"}", "Inference endpoint [my-endpoint] returned status code 400: {\"error\":\"bad\"}", ErrorSource.User)]
    [InlineData(502, "", "Inference endpoint [my-endpoint] returned status code 502", ErrorSource.Framework)]
    [InlineData(400, "Received an error from openai: status [429], reason [You exceeded your current quota]", "Received an error from openai: status [429], reason [You exceeded your current quota]", ErrorSource.User)]
    public async Task UnifiedCompletionStream_ErrorStatus_KibanasText(int status, string body, string expected, ErrorSource source)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(status, body, "application/json");
        await using var host = EsHost(server);
        var connector = await CreateAsync(host);

        var result = await host.RunAsync(connector, Chat("unified_completion_stream"));

        Assert.Null(result.Stream);
        Assert.Equal(expected, result.ServiceMessage);
        Assert.Equal(source, result.ErrorSource);
    }

    [Fact]
    public async Task UnifiedCompletionStream_429_RetryAt()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(429, "{\"error\":{\"type\":\"status_exception\",\"reason\":\"too many\"}}", "application/json", ("Retry-After", "20"));
        await using var host = EsHost(server, fakeTime: true);
        var connector = await CreateAsync(host);

        var result = await host.RunAsync(connector, Chat("unified_completion_stream"));

        Assert.Equal(
            "Inference endpoint [my-endpoint] returned status code 429: {\"error\":{\"type\":\"status_exception\",\"reason\":\"too many\"}}",
            result.ServiceMessage);
        Assert.Equal(Now.AddSeconds(20), result.Retry!.RetryAt);
    }

    [Fact]
    public async Task UnifiedCompletionStream_LongBodyWithSecrets_RedactedAndCappedAt1000()
    {
        await using var server = await LoopbackServer.StartAsync();
        var body = "{\"error\":\"Authorization: Bearer sk-upstreamSECRETtoken1234 rejected; api_key=abcSECRETdef\",\"pad\":\"" + new string('x', 2000) + "\"}";
        server.Fallback = LoopbackServer.Respond(401, body, "application/json");
        await using var host = EsHost(server);
        var connector = await CreateAsync(host);

        var result = await host.RunAsync(connector, Chat("unified_completion_stream"));

        Assert.Equal(1000, result.ServiceMessage!.Length);
        Assert.EndsWith("... [truncated]", result.ServiceMessage, StringComparison.Ordinal);
        Assert.StartsWith(
            "Inference endpoint [my-endpoint] returned status code 401: {\"error\":\"Authorization: [redacted] rejected; api_key=[redacted]\",",
            result.ServiceMessage,
            StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", result.ServiceMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", host.AllLogText(), StringComparison.Ordinal);
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id });
        Assert.All(events, e => Assert.DoesNotContain("SECRET", $"{e.Message} {e.ErrorMessage}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Completion_PostsInput_ReturnsCompletionArray()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, "{\"completion\":[{\"result\":\"4\"}]}");
        await using var host = EsHost(server);
        var connector = await CreateAsync(host, "completion");

        var result = await host.RunAsync(connector, new JsonObject { ["subAction"] = "completion", ["subActionParams"] = new JsonObject { ["input"] = "2+2?" } });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("/_inference/completion/my-endpoint", "{\"input\":\"2+2?\"}"), (request.Path, request.BodyText));
        Assert.Equal($"ApiKey {EsApiKey}", request.Header("Authorization"));
        Assert.Equal("[{\"result\":\"4\"}]", result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Rerank_QueryThenInput_ScoreRenamedFirst()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, "{\"rerank\":[{\"index\":1,\"relevance_score\":0.9,\"text\":\"b\"},{\"index\":0,\"relevance_score\":0.1}]}");
        await using var host = EsHost(server);
        var connector = await CreateAsync(host, "rerank");

        var result = await host.RunAsync(connector, new JsonObject
        {
            ["subAction"] = "rerank",
            ["subActionParams"] = new JsonObject { ["input"] = new JsonArray("a", "b"), ["query"] = "q" },
        });

        var request = Assert.Single(server.Requests);
        Assert.Equal(("/_inference/rerank/my-endpoint", "{\"query\":\"q\",\"input\":[\"a\",\"b\"]}"), (request.Path, request.BodyText));
        Assert.Equal("[{\"score\":0.9,\"index\":1,\"text\":\"b\"},{\"score\":0.1,\"index\":0}]", result.Data!.ToJsonString());
    }

    [Fact]
    public async Task TextEmbedding_InputTypeAsTaskSettings()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, "{\"text_embedding\":[{\"embedding\":[0.1,0.2]}]}");
        await using var host = EsHost(server);
        var connector = await CreateAsync(host, "text_embedding");

        var result = await host.RunAsync(connector, new JsonObject
        {
            ["subAction"] = "text_embedding",
            ["subActionParams"] = new JsonObject { ["input"] = "hello", ["inputType"] = "ingest" },
        });

        var request = Assert.Single(server.Requests);
        Assert.Equal(
            ("/_inference/text_embedding/my-endpoint", "{\"input\":\"hello\",\"task_settings\":{\"input_type\":\"ingest\"}}"),
            (request.Path, request.BodyText));
        Assert.Equal("[{\"embedding\":[0.1,0.2]}]", result.Data!.ToJsonString());
    }

    [Fact]
    public async Task SparseEmbedding_MissingKeyInResponse_EmptyArray()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, "{}");
        await using var host = EsHost(server);
        var connector = await CreateAsync(host, "sparse_embedding");

        var result = await host.RunAsync(connector, new JsonObject
        {
            ["subAction"] = "sparse_embedding",
            ["subActionParams"] = new JsonObject { ["input"] = "hello" },
        });

        Assert.Equal(("/_inference/sparse_embedding/my-endpoint", "{\"input\":\"hello\"}"), (server.Requests[0].Path, server.Requests[0].BodyText));
        Assert.Equal("[]", result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Completion_404_ElasticsearchResponseErrorText()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(
            404,
            "{\"error\":{\"root_cause\":[{\"type\":\"resource_not_found_exception\",\"reason\":\"Inference endpoint not found [my-endpoint]\"}],\"type\":\"resource_not_found_exception\",\"reason\":\"Inference endpoint not found [my-endpoint]\"},\"status\":404}");
        await using var host = EsHost(server);
        var connector = await CreateAsync(host, "completion");

        var result = await host.RunAsync(connector, new JsonObject { ["subAction"] = "completion", ["subActionParams"] = new JsonObject { ["input"] = "x" } });

        Assert.Equal(
            "resource_not_found_exception\n\tRoot causes:\n\t\tresource_not_found_exception: Inference endpoint not found [my-endpoint]\n",
            result.ServiceMessage);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_NoServiceUrl_ConfigurationError()
    {
        await using var host = Host(o => o.License = LicenseLevel.Enterprise);
        var connector = await CreateAsync(host, "completion");

        var result = await host.RunAsync(connector, new JsonObject { ["subAction"] = "completion", ["subActionParams"] = new JsonObject { ["input"] = "x" } });

        Assert.Equal(
            "The Elasticsearch URL of the .inference connector is not configured: set ConnectorsOptions.ServiceUrls[\".inference\"]",
            result.ServiceMessage);
    }

    [Theory]
    [InlineData("bard", "completion", "error validating connector type config: Error configuring Inference API action: Error: API Provider is not supported: bard by Inference Endpoint.")]
    [InlineData("openai", "embeddings", "error validating connector type config: Error configuring Inference API action: Error: Task type is not supported: embeddings by Inference Endpoint.")]
    public async Task Create_InvalidProviderOrTaskType_KibanasText(string provider, string taskType, string expected)
    {
        await using var host = Host(o => o.License = LicenseLevel.Enterprise);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(
            ".inference", new JsonObject { ["provider"] = provider, ["taskType"] = taskType, ["inferenceId"] = "x" }));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task Create_UnknownKey_Strict()
    {
        await using var host = Host(o => o.License = LicenseLevel.Enterprise);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(
            ".inference", new JsonObject { ["provider"] = "openai", ["taskType"] = "completion", ["inferenceId"] = "x", ["url"] = "y" }));

        Assert.Equal("error validating connector type config: [url]: definition for this key is missing", error.Message);
    }
}
