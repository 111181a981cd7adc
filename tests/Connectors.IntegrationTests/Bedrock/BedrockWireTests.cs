using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Bedrock;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Bedrock;

public sealed class BedrockWireTests
{
    private const string AccessKey = "AKIDBEDROCKTEST";
    private const string Secret = "bedrock-SECRET-key/abc+def";
    private const string AmzDate = "20261204T120000Z";
    private const string DefaultModelPath = "/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0";
    private const string MessagesResponse =
        "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\" Hello there \"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector, BedrockFake Fake)> CreateAsync(
        LoopbackServer server, JsonObject? config = null)
    {
        var fake = new BedrockFake(AccessKey, Secret);
        server.Fallback = fake.HandleAsync;
        var host = Host(o => o.License = LicenseLevel.Enterprise, fakeTime: true);
        var connector = await host.CreateAsync(
            ".bedrock",
            config ?? new JsonObject { ["apiUrl"] = server.BaseUri.GetLeftPart(UriPartial.Authority) },
            new JsonObject { ["accessKey"] = AccessKey, ["secret"] = Secret });
        return (host, connector, fake);
    }

    private static JsonObject Call(string subAction, JsonObject subActionParams) =>
        new() { ["subAction"] = subAction, ["subActionParams"] = subActionParams };

    private static JsonObject InvokeParams() => new()
    {
        ["messages"] = new JsonArray(
            new JsonObject { ["role"] = "system", ["content"] = "be brief" },
            new JsonObject { ["role"] = "user", ["content"] = "hi" },
            new JsonObject { ["role"] = "user", ["content"] = "there" }),
        ["system"] = "you are a bot",
        ["temperature"] = 0.2,
    };

    private static string ExpectedInvokeBody(int? maxTokens = 8191) =>
        "{\"anthropic_version\":\"bedrock-2023-05-31\",\"system\":\"you are a bot\\nbe brief\",\"messages\":[{\"content\":\"hi\\nthere\",\"role\":\"user\"}]"
        + (maxTokens is null ? string.Empty : $",\"max_tokens\":{maxTokens}") + ",\"temperature\":0.2}";

    private static async Task<ConnectorEvent?> ExecuteEventAsync(ConnectorsTestHost host, global::Connectors.Connector connector) =>
        (await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id })).SingleOrDefault(e => e.Action == ConnectorEventActions.Execute);

    [Fact]
    public async Task Run_MessagesApi_SignedPostWithKibanaHeadersAndMappedCompletion()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(LoopbackServer.Json(200, MessagesResponse));
        const string Body = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":10}";

        var result = await host.RunAsync(connector, Call("run", new JsonObject { ["body"] = Body }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Empty(fake.SignatureFailures);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(DefaultModelPath + "/invoke", Assert.Single(fake.RawTargets));
        Assert.Equal(Body, request.BodyText);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("*/*", request.Header("Accept"));
        Assert.Equal(AmzDate, request.Header("X-Amz-Date"));
        Assert.Equal(Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Header("Content-Length"));
        Assert.Null(request.Header("X-Amz-Security-Token"));
        Assert.Null(request.Header("x-amzn-bedrock-accept"));
        Assert.Equal("us-east-1/bedrock", fake.LastScope);

        // The Authorization header is exactly what the library's signer computes over the bytes the server received.
        var expected = AwsSigV4Signer.Sign(
            new AwsSigV4Request("POST", fake.RawTargets[0], string.Empty,
                [new("accept", "*/*"), new("content-length", request.Header("Content-Length")!), new("content-type", "application/json"),
                 new("host", request.Header("Host")!), new("x-amz-date", AmzDate)],
                request.Body),
            new AwsCredentials(AccessKey, Secret), "us-east-1", "bedrock", AmzDate);
        Assert.Equal(expected.Authorization, request.Header("Authorization"));
        Assert.Contains("SignedHeaders=accept;content-length;content-type;host;x-amz-date,", expected.Authorization, StringComparison.Ordinal);

        Assert.Equal("{\"completion\":\" Hello there \",\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}", result.Data!.ToJsonString());
        Assert.Equal(new TokenUsage(10, 5, 15), (await ExecuteEventAsync(host, connector))!.TokenUsage);
    }

    [Fact]
    public void SigV4Check_TheTestsOwnVerifier_AgreesWithTheSuitesGetVanilla()
    {
        var signature = SigV4Check.Compute(
            "GET", "/", new Dictionary<string, string> { ["host"] = "example.amazonaws.com", ["x-amz-date"] = "20150830T123600Z" }, [],
            "host;x-amz-date", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830/us-east-1/service/aws4_request", "20150830T123600Z");

        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", signature);
    }

    [Fact]
    public async Task Run_ConfiguredRegion_SignsForThatRegion()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(
            server, new JsonObject { ["apiUrl"] = server.BaseUri.GetLeftPart(UriPartial.Authority), ["region"] = "eu-west-3" });
        await using var _ = host;
        fake.Then(LoopbackServer.Json(200, MessagesResponse));

        var result = await host.RunAsync(connector, Call("run", new JsonObject { ["body"] = "{}" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("eu-west-3/bedrock", fake.LastScope);
        Assert.Contains("Credential=AKIDBEDROCKTEST/20261204/eu-west-3/bedrock/aws4_request,", server.Requests[0].Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TemplatedBody_JsonEscapedAndSignedAsSent_OtherSubActionsNotRendered()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(LoopbackServer.Json(200, MessagesResponse), LoopbackServer.Json(200, MessagesResponse));

        var run = await host.RunAsync(
            connector, Call("run", new JsonObject { ["body"] = "{\"messages\":[{\"role\":\"user\",\"content\":\"{{context.text}}\"}]}" }), new { context = new { text = Tricky } });
        var invoke = await host.RunAsync(
            connector, Call("invokeAI", new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "{{context.text}}" }) }), new { context = new { text = Tricky } });

        Assert.True(run.IsSuccess, run.ServiceMessage);
        Assert.True(invoke.IsSuccess, invoke.ServiceMessage);
        Assert.Empty(fake.SignatureFailures);
        Assert.Equal("{\"messages\":[{\"role\":\"user\",\"content\":\"say \\\"hi\\\"\\nnow *bold* _it_ <b> & done\"}]}", server.Requests[0].BodyText);
        Assert.Contains("\"content\":\"{{context.text}}\"", server.Requests[1].BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAI_FormattedBodyAndTrimmedMessageWithUsage()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(LoopbackServer.Json(200, MessagesResponse));

        var result = await host.RunAsync(connector, Call("invokeAI", InvokeParams()));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Empty(fake.SignatureFailures);
        Assert.Equal(ExpectedInvokeBody(), server.Requests[0].BodyText);
        Assert.Equal("{\"message\":\"Hello there\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}", result.Data!.ToJsonString());
        Assert.Equal(new TokenUsage(10, 5, 15), (await ExecuteEventAsync(host, connector))!.TokenUsage);
    }

    [Fact]
    public async Task InvokeAIRaw_BodyAsKibanaBuildsItAndTheResponseAsIs()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(LoopbackServer.Json(200, MessagesResponse));
        var parameters = new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "hi" }) }),
            ["system"] = "sys",
            ["anthropicVersion"] = "bedrock-2023-05-31",
            ["tools"] = new JsonArray(new JsonObject { ["name"] = "t", ["description"] = "d", ["input_schema"] = new JsonObject { ["type"] = "object" } }),
            ["toolChoice"] = new JsonObject { ["type"] = "auto" },
        };

        var result = await host.RunAsync(connector, Call("invokeAIRaw", parameters));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}],\"system\":\"sys\",\"max_tokens\":8191,"
            + "\"tools\":[{\"name\":\"t\",\"description\":\"d\",\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":{\"type\":\"auto\"},\"anthropic_version\":\"bedrock-2023-05-31\"}",
            server.Requests[0].BodyText);
        Assert.Equal(JsonNode.Parse(MessagesResponse)!.ToJsonString(), result.Data!.ToJsonString());
        Assert.Equal(new TokenUsage(10, 5, 15), (await ExecuteEventAsync(host, connector))!.TokenUsage);
    }

    [Fact]
    public async Task Run_InferenceProfileArn_EncodedOnceInThePathAndSignedDoubleEncoded()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(LoopbackServer.Json(200, MessagesResponse));

        var result = await host.RunAsync(connector, Call("test", new JsonObject
        {
            ["body"] = "{\"messages\":[]}",
            ["model"] = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc",
        }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Empty(fake.SignatureFailures);
        Assert.Equal("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc/invoke", fake.RawTargets[0]);
    }

    [Fact]
    public async Task Run_LegacyPromptBody_CompletionResponseAsIs()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(LoopbackServer.Json(200, "{\"completion\":\"ok\",\"stop_reason\":\"stop_sequence\",\"extra\":1}"));

        var result = await host.RunAsync(connector, Call("run", new JsonObject { ["body"] = "{\"prompt\":\"\\n\\nHuman: hi\\n\\nAssistant:\"}" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("{\"completion\":\"ok\",\"stop_reason\":\"stop_sequence\",\"extra\":1}", result.Data!.ToJsonString());
        Assert.Null((await ExecuteEventAsync(host, connector))!.TokenUsage);
    }

    [Fact]
    public async Task Run_UsageWithoutOutputTokens_ResponseValidationFailed()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(LoopbackServer.Json(200, "{\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"usage\":{\"input_tokens\":3}}"));

        var result = await host.RunAsync(connector, Call("run", new JsonObject { ["body"] = "{}" }));

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("Response validation failed (Error: [usage.output_tokens]: expected value of type [number] but got [undefined])", result.ServiceMessage);
    }

    [Fact]
    public async Task InvokeStream_FramesConsumedOneByOne_ContentAndUsageThenOneEventLogEntry()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(fake.Stream(
            BedrockFake.Chunk("{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}"),
            BedrockFake.Chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}"),
            BedrockFake.Chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}"),
            BedrockFake.Chunk("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":7}}"),
            BedrockFake.Chunk("{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":12,\"outputTokenCount\":7,\"invocationLatency\":300,\"firstByteLatency\":100}}")));

        var result = await host.RunAsync(connector, Call("invokeStream", InvokeParams()));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Empty(fake.SignatureFailures);
        var request = server.Requests[0];
        Assert.Equal(DefaultModelPath + "/invoke-with-response-stream", fake.RawTargets[0]);
        Assert.Equal(BedrockConnector.EventStreamContentType, request.Header("Accept"));
        Assert.Equal("*/*", request.Header("x-amzn-bedrock-accept"));
        Assert.Contains("SignedHeaders=accept;content-length;content-type;host;x-amz-date;x-amzn-bedrock-accept,", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal(ExpectedInvokeBody(), request.BodyText);
        var stream = result.Stream!;
        Assert.Equal(BedrockConnector.EventStreamContentType, stream.ContentType);

        var expected = new (string Type, string? Content, TokenUsage? Usage)[]
        {
            ("message_start", null, null),
            ("content_block_delta", "Hel", null),
            ("content_block_delta", "lo", null),
            ("message_delta", null, new TokenUsage(12, 7, 19)),
            ("message_stop", null, new TokenUsage(12, 7, 19)),
        };
        await using var chunks = stream.GetAsyncEnumerator();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(await chunks.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            var chunk = chunks.Current;
            Assert.Equal("chunk", chunk.Event);
            Assert.Equal(expected[i].Type, chunk.Json!["type"]!.GetValue<string>());
            Assert.Equal(expected[i].Content, chunk.Content);
            Assert.Equal(expected[i].Usage, chunk.Usage);
            Assert.Equal(chunk.Payload, chunk.Json.ToJsonString());
            Assert.Equal((int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(chunk.Raw.Span), chunk.Raw.Length);

            // Nothing recorded while the stream is open; the next frame is written only once this one is read.
            Assert.Null(await ExecuteEventAsync(host, connector));
            fake.Gate.Release();
        }

        Assert.False(await chunks.MoveNextAsync());
        Assert.Equal(new TokenUsage(12, 7, 19), stream.Usage);
        var execute = await ExecuteEventAsync(host, connector);
        Assert.Equal("success", execute!.Outcome);
        Assert.Equal(new TokenUsage(12, 7, 19), execute.TokenUsage);
    }

    [Fact]
    public async Task InvokeStream_ReaderStopsEarly_ResponseReleasedAndTheExecutionRecorded()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(fake.Stream(
            BedrockFake.Chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}"),
            BedrockFake.Chunk("{\"type\":\"message_stop\"}")));

        var result = await host.RunAsync(connector, Call("invokeStream", InvokeParams()));
        await foreach (var chunk in result.Stream!)
        {
            Assert.Equal("Hi", chunk.Content);
            break;
        }

        var execute = await ExecuteEventAsync(host, connector);
        Assert.Equal("success", execute!.Outcome);
        Assert.Null(execute.TokenUsage);
        Assert.False(result.Stream.IsCompleted);
    }

    [Fact]
    public async Task InvokeStream_ExceptionFrame_StreamThrowsItsMessageAndTheFailureIsRecorded()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(fake.Stream(
            BedrockFake.Chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}"),
            BedrockFake.Exception("throttlingException", "Too many tokens, please wait before trying again.")));
        fake.Gate.Release();

        var result = await host.RunAsync(connector, Call("invokeStream", InvokeParams()));
        var contents = new List<string?>();
        var error = await Assert.ThrowsAsync<AwsEventStreamServiceException>(async () =>
        {
            await foreach (var chunk in result.Stream!)
            {
                contents.Add(chunk.Content);
            }
        });

        Assert.Equal(["Hi"], contents);
        Assert.Equal("Too many tokens, please wait before trying again.", error.Message);
        var execute = await ExecuteEventAsync(host, connector);
        Assert.Equal("failure", execute!.Outcome);
        Assert.Contains("Too many tokens, please wait before trying again.", execute.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeStream_CorruptedFrame_StreamThrowsChecksumMismatch()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        var frame = BedrockFake.Chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}");
        frame[^5] ^= 0x20;
        fake.Then(fake.Stream(frame));

        var result = await host.RunAsync(connector, Call("invokeStream", InvokeParams()));
        var error = await Assert.ThrowsAsync<AwsEventStreamFormatException>(async () =>
        {
            await foreach (var _ in result.Stream!)
            {
            }
        });

        Assert.StartsWith("Event stream message checksum mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Converse_SignedWithTheStreamHeaderSetAndAnsweredAsIs()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        const string Response = "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hi\"}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":4,\"outputTokens\":2,\"totalTokens\":6},\"metrics\":{\"latencyMs\":50}}";
        fake.Then(LoopbackServer.Json(200, Response));

        var result = await host.RunAsync(connector, Call("converse", new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["text"] = "hi" }) }),
            ["system"] = new JsonArray(new JsonObject { ["text"] = "sys" }),
            ["temperature"] = "0.5",
            ["maxTokens"] = 100,
            ["toolChoice"] = new JsonObject { ["auto"] = new JsonObject() },
        }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Empty(fake.SignatureFailures);
        Assert.Equal(DefaultModelPath + "/converse", fake.RawTargets[0]);
        Assert.Equal(BedrockConnector.EventStreamContentType, server.Requests[0].Header("Accept"));
        Assert.Equal(
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],\"inferenceConfig\":{\"temperature\":0.5,\"maxTokens\":100},"
            + "\"toolConfig\":{\"toolChoice\":{\"auto\":{}}},\"system\":[{\"text\":\"sys\"}],\"modelId\":\"us.anthropic.claude-sonnet-4-5-20250929-v1:0\"}",
            server.Requests[0].BodyText);
        Assert.Equal(JsonNode.Parse(Response)!.ToJsonString(), result.Data!.ToJsonString());
        Assert.Equal(new TokenUsage(4, 2, 6), (await ExecuteEventAsync(host, connector))!.TokenUsage);
    }

    [Fact]
    public async Task ConverseStream_ContentDeltasAndMetadataUsage()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(fake.Stream(
            BedrockFake.Event("messageStart", "{\"role\":\"assistant\"}"),
            BedrockFake.Event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}"),
            BedrockFake.Event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"lo\"}}"),
            BedrockFake.Event("messageStop", "{\"stopReason\":\"end_turn\"}"),
            BedrockFake.Event("metadata", "{\"usage\":{\"inputTokens\":9,\"outputTokens\":2,\"totalTokens\":11},\"metrics\":{\"latencyMs\":80}}")));
        fake.Gate.Release(4);

        var result = await host.RunAsync(connector, Call("converseStream", new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["text"] = "hi" }) }),
            ["model"] = "anthropic.claude-3-haiku-20240307-v1:0",
        }));
        var chunks = new List<ConnectorStreamChunk>();
        await foreach (var chunk in result.Stream!)
        {
            chunks.Add(chunk);
        }

        Assert.Empty(fake.SignatureFailures);
        Assert.Equal("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream", fake.RawTargets[0]);
        Assert.Equal(
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],\"inferenceConfig\":{},\"modelId\":\"anthropic.claude-3-haiku-20240307-v1:0\"}",
            server.Requests[0].BodyText);
        Assert.Equal(["messageStart", "contentBlockDelta", "contentBlockDelta", "messageStop", "metadata"], chunks.Select(c => c.Event));
        Assert.Equal("Hello", string.Concat(chunks.Select(c => c.Content)));
        Assert.Equal(new TokenUsage(9, 2, 11), result.Stream!.Usage);
        Assert.Equal(new TokenUsage(9, 2, 11), (await ExecuteEventAsync(host, connector))!.TokenUsage);
    }

    [Fact]
    public async Task Run_401_UnauthorizedApiErrorWithTheServiceMessage()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(LoopbackServer.Json(401, "{\"message\":\"The security token included in the request is invalid.\"}"));

        var result = await host.RunAsync(connector, Call("run", new JsonObject { ["body"] = "{}" }));

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("Status code: 401. Message: Unauthorized API Error: The security token included in the request is invalid.", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task Run_400NotRecognized_ReconfigureHint()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(LoopbackServer.Json(400, "{\"message\":\"The requested operation is not recognized by the service.\"}"));

        var result = await host.RunAsync(connector, Call("run", new JsonObject { ["body"] = "{}" }));

        Assert.Equal(
            "Status code: 400. Message: API Error: The requested operation is not recognized by the service.\n\nThe Kibana Connector in use may need to be reconfigured with an updated Amazon Bedrock endpoint, like `bedrock-runtime`.",
            result.ServiceMessage);
    }

    [Fact]
    public async Task Run_429WithRetryAfter_RetryAtFromTheHeader()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(LoopbackServer.Json(429, "{\"message\":\"Rate exceeded\"}", ("Retry-After", "30")));

        var result = await host.RunAsync(connector, Call("run", new JsonObject { ["body"] = "{}" }));

        Assert.Equal("Status code: 429. Message: API Error: Too Many Requests - Rate exceeded", result.ServiceMessage);
        Assert.Equal(Now.AddSeconds(30), result.Retry!.RetryAt);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task Run_500_ApiErrorWithStatusTextRetryLater()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(LoopbackServer.Respond(500, "oops", "text/plain"));

        var result = await host.RunAsync(connector, Call("run", new JsonObject { ["body"] = "{}" }));

        Assert.Equal("Status code: 500. Message: API Error: Internal Server Error", result.ServiceMessage);
        Assert.Equal(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }

    [Theory]
    [InlineData(null, 200000)]
    [InlineData(30000, 60000)]
    [InlineData(250000, 250000)]
    public async Task Run_Timeout_PerCallOnlyLengthensTheGlobalOne(int? timeout, int expectedMs)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(LoopbackServer.Hang());
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Received += _ => arrived.TrySetResult();
        var parameters = new JsonObject { ["body"] = "{}" };
        if (timeout is not null)
        {
            parameters["timeout"] = timeout;
        }

        var execution = host.RunAsync(connector, Call("run", parameters));
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        host.Time!.Advance(TimeSpan.FromMilliseconds(expectedMs));
        var result = await execution.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal($"Status code: undefined. Message: Unexpected API Error: ECONNABORTED - timeout of {expectedMs}ms exceeded", result.ServiceMessage);
    }

    [Fact]
    public async Task Run_ConnectionRefused_UnexpectedApiErrorWithTheCode()
    {
        int port;
        await using (var closed = await LoopbackServer.StartAsync())
        {
            port = closed.BaseUri.Port;
        }

        await using var host = Host(o => o.License = LicenseLevel.Enterprise, fakeTime: true);
        var connector = await host.CreateAsync(".bedrock", new JsonObject { ["apiUrl"] = $"http://127.0.0.1:{port}" }, new JsonObject { ["accessKey"] = AccessKey, ["secret"] = Secret });

        var result = await host.RunAsync(connector, Call("run", new JsonObject { ["body"] = "{}" }));

        Assert.Equal($"Status code: undefined. Message: Unexpected API Error: ECONNREFUSED - connect ECONNREFUSED 127.0.0.1:{port}", result.ServiceMessage);
    }

    [Fact]
    public async Task InvokeAI_ContentAndRawContentTogether_RequestValidationFailed()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var result = await host.RunAsync(connector, Call("invokeAI", new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "a", ["rawContent"] = new JsonArray() }),
        }));

        Assert.Equal("Request validation failed ([messages.0]: content and rawContent can not be used at the same time)", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Create_BadApiUrl_KibanasConfigError()
    {
        await using var host = Host(o => o.License = LicenseLevel.Enterprise);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() =>
            host.CreateAsync(".bedrock", new JsonObject { ["apiUrl"] = "ftp://bedrock.example" }, new JsonObject { ["accessKey"] = "a", ["secret"] = "s" }));

        Assert.Contains("Error configuring Amazon Bedrock action: Error: URL Error: Invalid protocol", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownSecretKey_Rejected()
    {
        await using var host = Host(o => o.License = LicenseLevel.Enterprise);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() =>
            host.CreateAsync(".bedrock", new JsonObject { ["apiUrl"] = BedrockConnector.DefaultUrl }, new JsonObject { ["accessKey"] = "a", ["secret"] = "s", ["sessionToken"] = "t" }));

        Assert.Contains("[sessionToken]: definition for this key is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_NoSecretInResultsEventsOrLogs()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Then(
            LoopbackServer.Json(401, "{\"message\":\"bad\"}"),
            LoopbackServer.Json(500, "{}"),
            LoopbackServer.Json(200, "{\"content\":\"nope\"}"));

        var results = new List<ConnectorResult>();
        foreach (var subAction in (string[])["run", "test", "run"])
        {
            results.Add(await host.RunAsync(connector, Call(subAction, new JsonObject { ["body"] = "{}" })));
        }

        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id });
        var text = string.Join("\n", results.Select(r => r.ToString())) + string.Join("\n", events.Select(e => e.ToString())) + host.AllLogText();
        Assert.All(results, r => Assert.False(r.IsSuccess));
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
    }
}
