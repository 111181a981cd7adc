using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Gemini;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Gemini;

public sealed class GeminiWireTests
{
    private const string Email = "connector@my-project.iam.gserviceaccount.com";
    private const string ModelPath = "/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.5-pro";
    private const string Answer =
        "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hello there\"}]},\"finishReason\":\"STOP\"}],"
        + "\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":3,\"totalTokenCount\":11},\"modelVersion\":\"gemini-2.5-pro\"}";

    private sealed record Setup(ConnectorsTestHost Host, global::Connectors.Connector Connector, GeminiFake Fake, string PrivateKeyPem) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    private static string Credentials(LoopbackServer server, string pem) => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = "my-project",
        ["private_key_id"] = "key-1",
        ["private_key"] = pem,
        ["client_email"] = Email,
        ["client_id"] = "1234",
        ["token_uri"] = server.Url("/token"),
    }.ToJsonString();

    private static async Task<Setup> CreateAsync(LoopbackServer server)
    {
        var key = RSA.Create(2048);
        var publicKey = RSA.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        var fake = new GeminiFake(publicKey);
        server.Fallback = fake.HandleAsync;
        var host = Host(o => o.License = LicenseLevel.Enterprise, fakeTime: true);
        var pem = key.ExportPkcs8PrivateKeyPem();
        var connector = await host.CreateAsync(
            ".gemini",
            new JsonObject { ["apiUrl"] = server.BaseUri.GetLeftPart(UriPartial.Authority), ["gcpRegion"] = "us-central1", ["gcpProjectID"] = "my-project" },
            new JsonObject { ["credentialsJson"] = Credentials(server, pem) });
        return new Setup(host, connector, fake, pem);
    }

    private static JsonObject Call(string subAction, JsonObject subActionParams) =>
        new() { ["subAction"] = subAction, ["subActionParams"] = subActionParams };

    private static JsonObject InvokeParams() => new()
    {
        ["messages"] = new JsonArray(
            new JsonObject { ["role"] = "user", ["content"] = "hi" },
            new JsonObject { ["role"] = "user", ["content"] = "there" },
            new JsonObject { ["role"] = "assistant", ["content"] = "yes?" },
            new JsonObject { ["role"] = "user", ["content"] = "go" }),
        ["systemInstruction"] = "be brief",
        ["maxOutputTokens"] = 100,
    };

    private const string ExpectedInvokeBody =
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi there\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"yes?\"}]},{\"role\":\"user\",\"parts\":[{\"text\":\"go\"}]}],"
        + "\"generation_config\":{\"temperature\":0,\"maxOutputTokens\":100},\"system_instruction\":{\"parts\":[{\"text\":\"be brief\"}]},"
        + "\"safety_settings\":[{\"category\":\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"threshold\":\"BLOCK_ONLY_HIGH\"}]}";

    private static async Task<ConnectorEvent?> ExecuteEventAsync(Setup s) =>
        (await s.Host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = s.Connector.Id })).LastOrDefault(e => e.Action == ConnectorEventActions.Execute);

    [Fact]
    public async Task InvokeAI_ServiceAccountJwtExchangedThenBearerCall()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var s = await CreateAsync(server);
        s.Fake.Then(LoopbackServer.Json(200, Answer));

        var result = await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams()));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Empty(s.Fake.Problems);
        var token = server.Requests[0];
        Assert.Equal(("POST", "/token"), (token.Method, token.Path));
        Assert.Equal("application/x-www-form-urlencoded", token.Header("Content-Type"));
        Assert.StartsWith("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=", token.BodyText, StringComparison.Ordinal);
        var assertion = Assert.Single(s.Fake.Assertions);
        Assert.True(assertion["valid"]!.GetValue<bool>());
        Assert.Equal("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"key-1\"}", assertion["header"]!.ToJsonString());
        var iat = Now.ToUnixTimeSeconds();
        Assert.Equal(
            $"{{\"iss\":\"{Email}\",\"scope\":\"https://www.googleapis.com/auth/cloud-platform\",\"aud\":\"{server.Url("/token")}\",\"exp\":{iat + 3600},\"iat\":{iat}}}",
            assertion["claims"]!.ToJsonString());

        var call = server.Requests[1];
        Assert.Equal("POST", call.Method);
        Assert.Equal(ModelPath + ":generateContent", s.Fake.RawTargets[0]);
        Assert.Equal("Bearer ya29.tok-1", call.Header("Authorization"));
        Assert.Equal("application/json", call.Header("Content-Type"));
        Assert.Equal(ExpectedInvokeBody, call.BodyText);
        Assert.Equal("{\"message\":\"Hello there\",\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":3,\"totalTokenCount\":11}}", result.Data!.ToJsonString());
        Assert.Equal(new TokenUsage(8, 3, 11), (await ExecuteEventAsync(s))!.TokenUsage);
    }

    [Fact]
    public async Task Token_CachedPerConnectorFor3500Seconds()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var s = await CreateAsync(server);
        s.Fake.Then(LoopbackServer.Json(200, Answer), LoopbackServer.Json(200, Answer), LoopbackServer.Json(200, Answer), LoopbackServer.Json(200, Answer));

        await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams()));
        await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams()));
        Assert.Equal(1, s.Fake.TokenRequests);

        s.Host.Time!.Advance(TimeSpan.FromSeconds(3499));
        await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams()));
        Assert.Equal(1, s.Fake.TokenRequests);

        s.Host.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams()));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(2, s.Fake.TokenRequests);
        Assert.Equal("Bearer ya29.tok-2", server.Requests[^1].Header("Authorization"));
    }

    [Fact]
    public async Task Run_BodyStringSentAsIsAndCompletionMapped_RawAnswersAsIs()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var s = await CreateAsync(server);
        s.Fake.Then(LoopbackServer.Json(200, Answer), LoopbackServer.Json(200, Answer));
        const string Body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";

        var run = await s.Host.RunAsync(s.Connector, Call("run", new JsonObject { ["body"] = Body, ["model"] = "gemini-2.0-flash" }));
        var raw = await s.Host.RunAsync(s.Connector, Call("test", new JsonObject { ["body"] = Body, ["raw"] = true }));

        Assert.True(run.IsSuccess, run.ServiceMessage);
        Assert.Equal("/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.0-flash:generateContent", s.Fake.RawTargets[0]);
        Assert.Equal(Body, server.Requests[1].BodyText);
        Assert.Equal("{\"completion\":\"Hello there\",\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":3,\"totalTokenCount\":11}}", run.Data!.ToJsonString());
        Assert.Equal(JsonNode.Parse(Answer)!.ToJsonString(), raw.Data!.ToJsonString());
        Assert.Equal(new TokenUsage(8, 3, 11), (await ExecuteEventAsync(s))!.TokenUsage);
    }

    [Fact]
    public async Task Test_TemplatedBody_JsonEscaped()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var s = await CreateAsync(server);
        s.Fake.Then(LoopbackServer.Json(200, Answer));

        var result = await s.Host.RunAsync(
            s.Connector,
            Call("test", new JsonObject { ["body"] = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"{{context.text}}\"}]}]}" }),
            new { context = new { text = Tricky } });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"say \\\"hi\\\"\\nnow *bold* _it_ <b> & done\"}]}]}", server.Requests[1].BodyText);
    }

    [Fact]
    public async Task InvokeAIRaw_ToolsAppendedAndNoToolConfig()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var s = await CreateAsync(server);
        s.Fake.Then(LoopbackServer.Json(200, Answer));
        var parameters = new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["parts"] = new JsonArray(new JsonObject { ["text"] = "pre" }) }),
            ["temperature"] = 0.4,
            ["tools"] = new JsonArray(new JsonObject { ["functionDeclarations"] = new JsonArray() }),
            ["toolConfig"] = new JsonObject { ["mode"] = "ANY" },
        };

        var result = await s.Host.RunAsync(s.Connector, Call("invokeAIRaw", parameters));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"pre\"}]}],\"generation_config\":{\"temperature\":0.4},"
            + "\"safety_settings\":[{\"category\":\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"threshold\":\"BLOCK_ONLY_HIGH\"}],\"tools\":[{\"functionDeclarations\":[]}]}",
            server.Requests[1].BodyText);
        Assert.Equal(JsonNode.Parse(Answer)!.ToJsonString(), result.Data!.ToJsonString());
    }

    [Fact]
    public async Task InvokeStream_SseEventsConsumedOneByOne_ContentUsageAndOneEventLogEntryAtTheEnd()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var s = await CreateAsync(server);
        s.Fake.Then(s.Fake.Stream(
            "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]}}],\"usageMetadata\":{\"promptTokenCount\":8,\"totalTokenCount\":8}}",
            "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"lo\"},{\"text\":\"!\"}]}}]}",
            "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":4,\"totalTokenCount\":12}}"));
        var parameters = InvokeParams();
        parameters["toolConfig"] = new JsonObject { ["mode"] = "AUTO", ["allowedFunctionNames"] = new JsonArray("f") };

        var result = await s.Host.RunAsync(s.Connector, Call("invokeStream", parameters));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(ModelPath + ":streamGenerateContent?alt=sse", s.Fake.RawTargets[0]);
        Assert.Equal(
            ExpectedInvokeBody.Replace(
                ",\"safety_settings\"",
                ",\"tool_config\":{\"function_calling_config\":{\"mode\":\"AUTO\",\"allowed_function_names\":[\"f\"]}},\"safety_settings\"",
                StringComparison.Ordinal),
            server.Requests[1].BodyText);
        var stream = result.Stream!;
        Assert.Equal("text/event-stream", stream.ContentType);
        var expected = new (string Content, TokenUsage? Usage)[]
        {
            ("Hel", null),
            ("lo!", null),
            (string.Empty, new TokenUsage(8, 4, 12)),
        };
        await using var chunks = stream.GetAsyncEnumerator();
        foreach (var (content, usage) in expected)
        {
            Assert.True(await chunks.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(content, chunks.Current.Content);
            Assert.Equal(usage, chunks.Current.Usage);
            Assert.Equal("message", chunks.Current.Event);
            Assert.Equal($"data: {chunks.Current.Payload}\n\n", System.Text.Encoding.UTF8.GetString(chunks.Current.Raw.Span));
            Assert.Null(await ExecuteEventAsync(s));
            s.Fake.Gate.Release();
        }

        Assert.False(await chunks.MoveNextAsync());
        var execute = await ExecuteEventAsync(s);
        Assert.Equal("success", execute!.Outcome);
        Assert.Equal(new TokenUsage(8, 4, 12), execute.TokenUsage);
    }

    [Fact]
    public async Task Call_401_GoogleErrorTextAndTheTokenIsExchangedAgainNextTime()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var s = await CreateAsync(server);
        s.Fake.Then(LoopbackServer.Json(200, Answer), LoopbackServer.Json(200, Answer));
        await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams()));
        s.Fake.RevokeTokens();

        var failed = await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams()));
        var retried = await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams()));

        Assert.Equal("an error occurred while running the action", failed.Message);
        Assert.Equal("Status code: 401. Message: API Error: UNAUTHENTICATED: Request had invalid authentication credentials.", failed.ServiceMessage);
        Assert.Equal(ErrorSource.User, failed.ErrorSource);
        Assert.True(retried.IsSuccess, retried.ServiceMessage);
        Assert.Equal(2, s.Fake.TokenRequests);
    }

    [Fact]
    public async Task Call_401WithoutGoogleError_UnauthorizedApiError()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var s = await CreateAsync(server);
        s.Fake.Then(LoopbackServer.Json(401, "{\"message\":\"nope\"}"));

        var result = await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams()));

        Assert.Equal("Status code: 401. Message: Unauthorized API Error: nope", result.ServiceMessage);
    }

    [Fact]
    public async Task Call_429WithRetryAfter_RetryAt()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var s = await CreateAsync(server);
        s.Fake.Then(LoopbackServer.Json(429, "{\"error\":{\"code\":429,\"message\":\"Quota exceeded.\",\"status\":\"RESOURCE_EXHAUSTED\"}}", ("Retry-After", "12")));

        var result = await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams()));

        Assert.Equal("Status code: 429. Message: API Error: RESOURCE_EXHAUSTED: Quota exceeded.", result.ServiceMessage);
        Assert.Equal(Now.AddSeconds(12), result.Retry!.RetryAt);
    }

    [Fact]
    public async Task Call_503_StatusTextRetryLater()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var s = await CreateAsync(server);
        s.Fake.Then(LoopbackServer.Respond(503, "down", "text/plain"));

        var result = await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams()));

        Assert.Equal("Status code: 503. Message: API Error: Service Unavailable", result.ServiceMessage);
        Assert.Equal(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }

    [Fact]
    public async Task Token_Rejected_UnableToRetrieveAccessToken()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var s = await CreateAsync(server);
        s.Fake.TokenAnswer = LoopbackServer.Json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");

        var result = await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams()));

        Assert.Equal(
            "Unable to retrieve access token. Ensure the service account has the right permissions and the Vertex AI endpoint is enabled in the GCP project. Error: invalid_grant: Invalid JWT Signature.",
            result.ServiceMessage);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Token_EmptyAccessToken_KibanasText()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var s = await CreateAsync(server);
        s.Fake.TokenAnswer = LoopbackServer.Json(200, "{\"access_token\":\"\",\"expires_in\":3599}");

        var result = await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams()));

        Assert.Equal("Error occurred while retrieving the access token. Ensure that the credentials are vaild.", result.ServiceMessage);
    }

    [Fact]
    public async Task Run_ResponseWithoutUsageMetadata_ResponseValidationFailed()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var s = await CreateAsync(server);
        s.Fake.Then(LoopbackServer.Json(200, "{\"candidates\":[]}"));

        var result = await s.Host.RunAsync(s.Connector, Call("run", new JsonObject { ["body"] = "{}" }));

        Assert.Equal("Response validation failed (Error: [usageMetadata]: expected value of type [object] but got [undefined])", result.ServiceMessage);
    }

    [Theory]
    [InlineData("", "Google Service Account credentials JSON is required.")]
    [InlineData("{not json", "Invalid JSON format for credentials.")]
    [InlineData("{\"type\":\"authorized_user\"}", "Invalid credential type. Only \"service_account\" credentials are supported. Type was \"authorized_user\".")]
    public async Task Create_BadCredentialsJson_KibanasTexts(string credentials, string expected)
    {
        await using var host = Host(o => o.License = LicenseLevel.Enterprise);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(
            ".gemini",
            new JsonObject { ["apiUrl"] = GeminiConnector.DefaultUrl, ["gcpRegion"] = "us-central1", ["gcpProjectID"] = "p" },
            new JsonObject { ["credentialsJson"] = credentials }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BadApiUrl_KibanasConfigError()
    {
        await using var host = Host(o => o.License = LicenseLevel.Enterprise);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(
            ".gemini",
            new JsonObject { ["apiUrl"] = "not a url", ["gcpRegion"] = "us-central1", ["gcpProjectID"] = "p" },
            new JsonObject { ["credentialsJson"] = "{\"type\":\"service_account\"}" }));

        Assert.Contains("Error configuring Google Gemini action: Error: URL Error: Invalid URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_NoKeyOrTokenInResultsEventsOrLogs()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var s = await CreateAsync(server);
        s.Fake.Then(LoopbackServer.Json(500, "{}"), LoopbackServer.Json(200, "{}"));

        var results = new List<ConnectorResult>
        {
            await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams())),
            await s.Host.RunAsync(s.Connector, Call("run", new JsonObject { ["body"] = "{}" })),
        };
        s.Fake.TokenAnswer = LoopbackServer.Json(400, "{\"error\":\"invalid_grant\"}");
        s.Host.Time!.Advance(TimeSpan.FromHours(2));
        results.Add(await s.Host.RunAsync(s.Connector, Call("invokeAI", InvokeParams())));

        var events = await s.Host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = s.Connector.Id });
        var text = string.Join("\n", results.Select(r => r.ToString())) + string.Join("\n", events.Select(e => e.ToString())) + s.Host.AllLogText();
        Assert.All(results, r => Assert.False(r.IsSuccess));
        Assert.DoesNotContain("ya29.tok", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain(s.PrivateKeyPem.Split('\n')[1], text, StringComparison.Ordinal);
    }
}
