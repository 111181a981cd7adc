using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.OpenAI;

public sealed class OpenAIWireTests
{
    private const string ApiKey = "sk-SECRET-openai-key";

    private const string Completion =
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4.1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"  Hello there.  \"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":30,\"total_tokens\":42}}";

    private static ConnectorsTestHost EnterpriseHost(bool fakeTime = false) => Host(o => o.License = LicenseLevel.Enterprise, fakeTime);

    private static Task<global::Connectors.Connector> CreateOpenAIAsync(ConnectorsTestHost host, LoopbackServer server, JsonObject? extra = null)
    {
        var config = new JsonObject { ["apiProvider"] = "OpenAI", ["apiUrl"] = server.Url("/v1/chat/completions") };
        foreach (var (key, value) in extra ?? [])
        {
            config[key] = value?.DeepClone();
        }

        return host.CreateAsync(".gen-ai", config, new JsonObject { ["apiKey"] = ApiKey });
    }

    private static JsonObject Run(string body, string subAction = "run") =>
        new() { ["subAction"] = subAction, ["subActionParams"] = new JsonObject { ["body"] = body } };

    private static JsonObject Invoke(string subAction) => new()
    {
        ["subAction"] = subAction,
        ["subActionParams"] = new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Say hello" }),
            ["temperature"] = 0,
            ["timeout"] = 120000,
        },
    };

    [Fact]
    public async Task Run_OpenAI_BearerAndOrgHeaders_BodyRenderedAndCleaned_UsageInEventLogAndHistogram()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, Completion);
        await using var host = EnterpriseHost();
        using var tokens = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Connectors", "gen_ai.client.token.usage");
        var connector = await CreateOpenAIAsync(host, server, new JsonObject
        {
            ["organizationId"] = "org-1",
            ["projectId"] = "proj-1",
            ["headers"] = new JsonObject { ["X-Team"] = "sec", ["authorization"] = "Basic overridden" },
        });

        var result = await host.RunAsync(
            connector,
            Run("{\"messages\":[{\"role\":\"user\",\"content\":\"{{context.question}}\"}],\"tool_choice\":\"auto\",\"parallel_tool_calls\":false,\"temperature\":0.5}"),
            new { context = new { question = Tricky } });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/v1/chat/completions", string.Empty), (request.Method, request.Path, request.QueryString));
        Assert.Equal($"Bearer {ApiKey}", request.Header("Authorization"));
        Assert.Equal("org-1", request.Header("OpenAI-Organization"));
        Assert.Equal("proj-1", request.Header("OpenAI-Project"));
        Assert.Equal("sec", request.Header("X-Team"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Null(request.Header("api-key"));
        Assert.Equal(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"say \\\"hi\\\"\\nnow *bold* _it_ <b> & done\"}],\"temperature\":0.5,\"model\":\"gpt-4.1\"}",
            request.BodyText);
        Assert.Equal(JsonNode.Parse(Completion)!.ToJsonString(), result.Data!.ToJsonString());

        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id });
        Assert.Equal(new TokenUsage(12, 30, 42), events.Single(e => e.Action == ConnectorEventActions.Execute).TokenUsage);
        var measurements = tokens.GetMeasurementSnapshot();
        Assert.Equal(12, measurements.Single(m => (string?)m.Tags["gen_ai.token.type"] == "input").Value);
        Assert.Equal(30, measurements.Single(m => (string?)m.Tags["gen_ai.token.type"] == "output").Value);
        Assert.All(measurements, m => Assert.Equal(".gen-ai", m.Tags["connector.type"]));
    }

    [Fact]
    public async Task Run_Azure_ApiKeyHeader_ApiVersionQuery_StreamForcedOff()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, Completion);
        await using var host = EnterpriseHost();
        var connector = await host.CreateAsync(
            ".gen-ai",
            new JsonObject
            {
                ["apiProvider"] = "Azure OpenAI",
                ["apiUrl"] = server.Url("/openai/deployments/gpt-4o-dep/chat/completions?api-version=2024-10-21"),
                ["headers"] = new JsonObject { ["api-key"] = "from-config" },
            },
            new JsonObject { ["apiKey"] = ApiKey });

        var result = await host.RunAsync(connector, Run("{\"messages\":[],\"stream\":true}", "test"));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("/openai/deployments/gpt-4o-dep/chat/completions", "?api-version=2024-10-21"), (request.Path, request.QueryString));
        Assert.Equal(ApiKey, request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("{\"messages\":[],\"stream\":false}", request.BodyText);
    }

    [Fact]
    public async Task InvokeAI_Other_BearerStreamFalse_MessageTrimmedWithUsage()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, Completion);
        await using var host = EnterpriseHost();
        var connector = await host.CreateAsync(
            ".gen-ai",
            new JsonObject { ["apiProvider"] = "Other", ["apiUrl"] = server.Url("/v1/chat/completions"), ["defaultModel"] = "llama3" },
            new JsonObject { ["apiKey"] = ApiKey });

        var result = await host.RunAsync(connector, Invoke("invokeAI"));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal($"Bearer {ApiKey}", request.Header("Authorization"));
        Assert.Equal("{\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"temperature\":0,\"stream\":false}", request.BodyText);
        Assert.Equal(
            "{\"message\":\"Hello there.\",\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":30,\"total_tokens\":42}}",
            result.Data!.ToJsonString());
    }

    [Fact]
    public async Task InvokeAI_NoContent_KibanasUnrecognizedFormatMessage()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null}}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":0,\"total_tokens\":1}}");
        await using var host = EnterpriseHost();
        var connector = await CreateOpenAIAsync(host, server);

        var result = await host.RunAsync(connector, Invoke("invokeAI"));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(
            "An error occurred sending your message. \n\nAPI Error: The response from OpenAI was in an unrecognized format.",
            (string?)result.Data!["message"]);
    }

    /// <summary>An SSE answer whose events go out one at a time, each after the test has read the previous chunk.</summary>
    private static Func<HttpContext, Task> SseEvents(string[] events, SemaphoreSlim gate) => async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        foreach (var item in events)
        {
            await context.Response.WriteAsync(item, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await gate.WaitAsync(context.RequestAborted);
        }
    };

    [Fact]
    public async Task InvokeStream_Azure_ChunksArriveOneByOne_UsageFromLastChunk_EventLoggedAfterTheEnd()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var gate = new SemaphoreSlim(0);
        string[] events =
        [
            "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]}\n\n",
            "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}\n\n",
            "data: {\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}\n\n",
            "data: [DONE]\n\n",
        ];
        server.Fallback = SseEvents(events, gate);
        await using var host = EnterpriseHost();
        using var tokens = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Connectors", "gen_ai.client.token.usage");
        var connector = await host.CreateAsync(
            ".gen-ai",
            new JsonObject { ["apiProvider"] = "Azure OpenAI", ["apiUrl"] = server.Url("/openai/deployments/d/chat/completions?api-version=2024-10-21") },
            new JsonObject { ["apiKey"] = ApiKey });

        var result = await host.RunAsync(connector, Invoke("invokeStream"));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("text/event-stream", result.Stream!.ContentType);
        var request = Assert.Single(server.Requests);
        Assert.Equal(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"temperature\":0,\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
            request.BodyText);

        var chunks = new List<ConnectorStreamChunk>();
        await foreach (var chunk in result.Stream)
        {
            chunks.Add(chunk);
            if (chunks.Count == 1)
            {
                // The first event arrived while the service still holds the rest: nothing is recorded yet.
                var during = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id });
                Assert.Equal([ConnectorEventActions.ExecuteStart], during.Select(e => e.Action));
            }

            gate.Release();
        }

        Assert.Equal(["Hel", "lo", null, null], chunks.Select(c => c.Content));
        Assert.Equal(events, chunks.Select(c => Encoding.UTF8.GetString(c.Raw.Span)));
        Assert.Equal("[DONE]", chunks[^1].Payload);
        Assert.Null(chunks[^1].Json);
        Assert.Equal(new TokenUsage(9, 2, 11), chunks[2].Usage);
        Assert.Equal(new TokenUsage(9, 2, 11), result.Stream.Usage);
        var after = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id });
        var execute = after.Single(e => e.Action == ConnectorEventActions.Execute);
        Assert.Equal(("success", new TokenUsage(9, 2, 11)), (execute.Outcome, execute.TokenUsage));
        Assert.Equal(2, tokens.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public async Task Stream_StreamTrue_Other_StreamFlagAndDefaultModel_NoUsageChunk_EstimatedOnDone()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(
            200, "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}\n\ndata: [DONE]\n\n", "text/event-stream");
        await using var host = EnterpriseHost();
        var connector = await host.CreateAsync(
            ".gen-ai",
            new JsonObject { ["apiProvider"] = "Other", ["apiUrl"] = server.Url("/v1/chat/completions"), ["defaultModel"] = "llama3" },
            new JsonObject { ["apiKey"] = ApiKey });

        var result = await host.RunAsync(connector, new JsonObject
        {
            ["subAction"] = "stream",
            ["subActionParams"] = new JsonObject { ["body"] = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", ["stream"] = true },
        });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var chunks = new List<ConnectorStreamChunk>();
        await foreach (var chunk in result.Stream!)
        {
            chunks.Add(chunk);
        }

        Assert.Equal("ok", string.Concat(chunks.Select(c => c.Content)));
        Assert.Equal(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,\"model\":\"llama3\"}",
            Assert.Single(server.Requests).BodyText);

        // No usage chunk: Kibana's estimate (o200k_base) rides on the [DONE] event.
        var prompt = global::Connectors.ConnectorTypes.Common.TokenEstimates.Count("<|start|>user\nhi\n<|end|>");
        var completion = global::Connectors.ConnectorTypes.Common.TokenEstimates.Count("{\"content\":\"ok\"}");
        var estimate = new TokenUsage(prompt, completion, prompt + completion);
        Assert.Null(chunks[0].Usage);
        Assert.Equal(estimate, chunks[1].Usage);
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id });
        Assert.Equal(estimate, events.Single(e => e.Action == ConnectorEventActions.Execute).TokenUsage);
    }

    [Fact]
    public async Task InvokeAsyncIterator_SameStreamAsInvokeStream()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(
            200,
            "data: {\"choices\":[{\"delta\":{\"content\":\"A\"}}]}\n\ndata: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}\n\n",
            "text/event-stream");
        await using var host = EnterpriseHost();
        var connector = await CreateOpenAIAsync(host, server);

        var result = await host.RunAsync(connector, Invoke("invokeAsyncIterator"));

        var contents = new List<string?>();
        await foreach (var chunk in result.Stream!)
        {
            contents.Add(chunk.Content);
        }

        Assert.Equal(["A", null], contents);
        Assert.Equal(new TokenUsage(3, 1, 4), result.Stream.Usage);
        Assert.Equal(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"temperature\":0,\"model\":\"gpt-4.1\"}",
            Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Run_401_UnauthorizedText_UserError_NoSecretAnywhere()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}");
        await using var host = EnterpriseHost();
        var connector = await CreateOpenAIAsync(host, server);

        var result = await host.RunAsync(connector, Run("{\"messages\":[]}"));

        Assert.False(result.IsSuccess);
        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("Status code: 401. Message: Unauthorized API Error - Incorrect API key provided", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        await AssertNoSecretAsync(host, connector, result);
    }

    [Fact]
    public async Task Run_429_RetryAtFromRetryAfter()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(429, "{\"error\":{\"message\":\"Rate limit reached\"}}", ("Retry-After", "30"));
        await using var host = EnterpriseHost(fakeTime: true);
        var connector = await CreateOpenAIAsync(host, server);

        var result = await host.RunAsync(connector, Run("{\"messages\":[]}"));

        Assert.Equal("Status code: 429. Message: API Error: Too Many Requests - Rate limit reached", result.ServiceMessage);
        Assert.Equal(Now.AddSeconds(30), result.Retry!.RetryAt);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task InvokeStream_429_RetryAtFromRetryAfter_NoStream()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(429, "{\"error\":{\"message\":\"Slow down\"}}", ("Retry-After", "12"));
        await using var host = EnterpriseHost(fakeTime: true);
        var connector = await CreateOpenAIAsync(host, server);

        var result = await host.RunAsync(connector, Invoke("invokeStream"));

        Assert.Null(result.Stream);
        Assert.Equal("Status code: 429. Message: API Error: Too Many Requests - Slow down", result.ServiceMessage);
        Assert.Equal(Now.AddSeconds(12), result.Retry!.RetryAt);
    }

    [Fact]
    public async Task Run_500_ApiErrorWithStatusText_FrameworkRetried()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(500, "{\"error\":{\"message\":\"The server had an error\"}}");
        await using var host = EnterpriseHost();
        var connector = await CreateOpenAIAsync(host, server);

        var result = await host.RunAsync(connector, Run("{\"messages\":[]}"));

        Assert.Equal("Status code: 500. Message: API Error: Internal Server Error - The server had an error", result.ServiceMessage);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
        Assert.Equal(RetryHint.Later, result.Retry);
    }

    [Fact]
    public async Task Run_ResponseWithoutUsage_ValidationFailure_NoUsageRecorded()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}]}");
        await using var host = EnterpriseHost();
        var connector = await CreateOpenAIAsync(host, server);

        var result = await host.RunAsync(connector, Run("{\"messages\":[]}"));

        Assert.Equal("Response validation failed ([usage]: expected value of type [object] but got [undefined])", result.ServiceMessage);
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id });
        Assert.All(events, e => Assert.Null(e.TokenUsage));
    }

    [Fact]
    public async Task Run_ConnectionRefused_UnexpectedApiError()
    {
        await using var host = EnterpriseHost();
        var connector = await host.CreateAsync(
            ".gen-ai",
            new JsonObject { ["apiProvider"] = "OpenAI", ["apiUrl"] = "http://127.0.0.1:9/v1/chat/completions" },
            new JsonObject { ["apiKey"] = ApiKey });

        var result = await host.RunAsync(connector, Run("{}"));

        Assert.Equal("Status code: undefined. Message: Unexpected API Error: ECONNREFUSED - connect ECONNREFUSED 127.0.0.1:9", result.ServiceMessage);
        await AssertNoSecretAsync(host, connector, result);
    }

    [Fact]
    public async Task InvokeAI_InvalidParams_RequestValidationFailed_NoRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = EnterpriseHost();
        var connector = await CreateOpenAIAsync(host, server);

        var result = await host.RunAsync(connector, new JsonObject
        {
            ["subAction"] = "invokeAI",
            ["subActionParams"] = new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user" }) },
        });

        Assert.Equal("Request validation failed ([messages.0.content]: expected value of type [string] but got [undefined])", result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Create_UnsupportedProvider_KibanasText()
    {
        await using var host = EnterpriseHost();

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(
            ".gen-ai", new JsonObject { ["apiProvider"] = "Bard", ["apiUrl"] = "https://x.example/v1" }, new JsonObject { ["apiKey"] = ApiKey }));

        Assert.Equal("error validating connector type config: Error configuring OpenAI action: Error: API Provider is not supported: Bard", error.Message);
    }

    private static async Task AssertNoSecretAsync(ConnectorsTestHost host, global::Connectors.Connector connector, ConnectorResult result)
    {
        Assert.DoesNotContain(ApiKey, $"{result.Message} {result.ServiceMessage} {result.Data?.ToJsonString()}", StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, host.AllLogText(), StringComparison.Ordinal);
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id });
        Assert.All(events, e => Assert.DoesNotContain(ApiKey, $"{e.Message} {e.ErrorMessage}", StringComparison.Ordinal));
    }
}
