using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.Bedrock;

/// <summary>
/// <c>.bedrock</c> (Amazon Bedrock): a sub-action connector that signs each call with AWS Signature Version 4 (service
/// <c>bedrock</c>, the connector's region) and posts to <c>{apiUrl}/model/{model}/…</c>: <c>run</c>/<c>test</c>,
/// <c>invokeAI</c>, <c>invokeAIRaw</c> and <c>converse</c> answer JSON; <c>invokeStream</c> and <c>converseStream</c>
/// answer AWS event streams, surfaced as a <see cref="ConnectorStream"/> of decoded frames.
/// </summary>
internal sealed class BedrockConnector : IConnectorExecutor
{
    public const string TypeId = ".bedrock";
    public const string DefaultModel = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    public const string DefaultUrl = "https://bedrock-runtime.us-east-1.amazonaws.com";
    public const int DefaultTimeoutMs = 200000;
    public const int DefaultTokenLimit = 8191;
    public const string EventStreamContentType = "application/vnd.amazon.eventstream";

    private static readonly SubActionSet<BedrockCall> SubActions =
        new SubActionSet<BedrockCall>(TypeId, "Amazon Bedrock")
            .Add("run", BedrockJsonContext.Default.BedrockRunParams, RunAsync)
            .Add("test", BedrockJsonContext.Default.BedrockRunParams, RunAsync)
            .Add("invokeAI", BedrockJsonContext.Default.BedrockInvokeParams, InvokeAIAsync, ValidateMessages)
            .AddStream("invokeStream", BedrockJsonContext.Default.BedrockInvokeParams, InvokeStreamAsync, ValidateMessages)
            .Add("invokeAIRaw", BedrockJsonContext.Default.BedrockInvokeRawParams, InvokeAIRawAsync)
            .Add("converse", BedrockJsonContext.Default.JsonObject, ConverseAsync, ValidateConverse)
            .AddStream("converseStream", BedrockJsonContext.Default.JsonObject, ConverseStreamAsync, ValidateConverse);

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Amazon Bedrock",
        MinimumLicenseRequired = LicenseLevel.Enterprise,
        SupportedFeatureIds =
        [
            ConnectorFeatureIds.GenerativeAIForSecurity,
            ConnectorFeatureIds.GenerativeAIForObservability,
            ConnectorFeatureIds.GenerativeAIForSearchPlayground,
            ConnectorFeatureIds.Workflows,
        ],
        Config = ConnectorSchema.Create(BedrockJsonContext.Default.BedrockConfig, ValidateConfig),
        Secrets = ConnectorSchema.Create(BedrockJsonContext.Default.BedrockSecrets),
        Params = SubActionEnvelopeSchema.Instance,
        RenderParamTemplates = LlmRender.RunBody,
    };

    public async ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new BedrockCall(context, context.GetConfig<BedrockConfig>(), context.GetSecrets<BedrockSecrets>());
        return await SubActions.ExecuteAsync(context, call, context.GetParams<SubActionEnvelope>(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Kibana's config validator: <c>assertURL</c> and the allow-list, wrapped as <c>Error configuring Amazon Bedrock action: Error: …</c>.</summary>
    internal static ConnectorValidationError? ValidateConfig(BedrockConfig config, ConnectorValidationContext context)
    {
        try
        {
            SubActionHttp.AssertUrl(config.ApiUrl);
        }
        catch (SubActionException ex)
        {
            return new("apiUrl", $"Error configuring Amazon Bedrock action: Error: {ex.Message}");
        }

        return context.Policy.IsUriAllowed(config.ApiUrl)
            ? null
            : new("apiUrl", $"Error configuring Amazon Bedrock action: Error: error validating url: {ConnectorPolicy.UriNotAllowedMessage(config.ApiUrl)}");
    }

    /// <summary>The region requests are signed for: <c>config.region ?? region of apiUrl ?? us-east-1</c>.</summary>
    internal static string RegionOf(BedrockConfig config) => config.Region ?? BedrockBody.ExtractRegionId(config.ApiUrl) ?? "us-east-1";

    private static ConnectorValidationError? ValidateMessages(BedrockInvokeParams p, ConnectorValidationContext context)
    {
        for (var i = 0; i < p.Messages.Count; i++)
        {
            var m = p.Messages[i];
            if (m.Content is null && m.RawContent is null)
            {
                return new($"messages.{i}", $"[messages.{i}]: Must specify either content or rawContent");
            }

            if (m.Content is not null && m.RawContent is not null)
            {
                return new($"messages.{i}", $"[messages.{i}]: content and rawContent can not be used at the same time");
            }
        }

        return null;
    }

    private static ConnectorValidationError? ValidateConverse(JsonObject p, ConnectorValidationContext context)
    {
        if (p["messages"] is not JsonArray)
        {
            return Expected("messages", "array", p["messages"]);
        }

        foreach (var name in (string[])["system", "tools", "stopSequences"])
        {
            if (p[name] is { } value and not JsonArray)
            {
                return Expected(name, "array", value);
            }
        }

        if (p["stopSequences"] is JsonArray stops && stops.Any(s => s is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
        {
            return new("stopSequences", "[stopSequences]: expected value of type [string]");
        }

        if (p["model"] is { } model && (model is not JsonValue mv || mv.GetValueKind() != JsonValueKind.String))
        {
            return Expected("model", "string", model);
        }

        foreach (var name in (string[])["temperature", "maxTokens", "timeout", "maxContentLength"])
        {
            if (p[name] is { } value && LlmHttpCall.Double(value) is null)
            {
                return Expected(name, "number", value);
            }
        }

        return null;
    }

    private static ConnectorValidationError Expected(string field, string type, JsonNode? got) =>
        new(field, $"[{field}]: expected value of type [{type}] but got [{SubActionHttp.Kind(got)}]");

    private static async ValueTask<JsonNode?> RunAsync(BedrockCall call, BedrockRunParams p, CancellationToken cancellationToken)
    {
        var result = await RunApiAsync(call, p.Body, p.Model, p.Timeout, p.Raw == true, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static async ValueTask<JsonNode?> InvokeAIAsync(BedrockCall call, BedrockInvokeParams p, CancellationToken cancellationToken)
    {
        var body = BedrockBody.Format(p.Messages, p.System, p.MaxTokens, p.StopSequences, p.Temperature, p.Tools, p.ToolChoice);
        var run = await RunApiAsync(call, Json(body), p.Model, p.Timeout, raw: false, cancellationToken).ConfigureAwait(false);
        var completion = LlmHttpCall.Text(run, "completion") ?? string.Empty;
        var result = new JsonObject { ["message"] = completion.Trim() };
        if (run?["usage"] is { } usage)
        {
            result["usage"] = usage.DeepClone();
        }

        return result;
    }

    private static async ValueTask<JsonNode?> InvokeAIRawAsync(BedrockCall call, BedrockInvokeRawParams p, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["messages"] = new JsonArray([.. p.Messages.Select(m =>
            {
                var message = new JsonObject { ["role"] = m.Role };
                if (m.Content is not null)
                {
                    message["content"] = m.Content.DeepClone();
                }

                return (JsonNode)message;
            })]),
        };
        if (p.StopSequences is not null)
        {
            body["stop_sequences"] = BedrockBody.Strings(p.StopSequences);
        }

        if (p.System is not null)
        {
            body["system"] = p.System;
        }

        if (p.Temperature is { } temperature)
        {
            body["temperature"] = temperature;
        }

        body["max_tokens"] = p.MaxTokens ?? DefaultTokenLimit;
        if (p.Tools is not null)
        {
            body["tools"] = BedrockBody.Tools(p.Tools);
        }

        if (p.ToolChoice is not null)
        {
            body["tool_choice"] = BedrockBody.ToolChoice(p.ToolChoice);
        }

        if (p.AnthropicVersion is not null)
        {
            body["anthropic_version"] = p.AnthropicVersion;
        }

        return await RunApiAsync(call, Json(body), p.Model, p.Timeout, raw: true, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<ConnectorStream> InvokeStreamAsync(BedrockCall call, BedrockInvokeParams p, CancellationToken cancellationToken)
    {
        // Kibana's invokeStream leaves maxTokens out (formatBedrockBody's default applies) and sends no default timeout.
        var body = BedrockBody.Format(p.Messages, p.System, null, p.StopSequences, p.Temperature, p.Tools, p.ToolChoice);
        var path = $"/model/{ModelSegment(call, p.Model)}/invoke-with-response-stream";
        var response = await SendAsync(call, path, Json(body), stream: true, p.Timeout, cancellationToken).ConfigureAwait(false);
        return new ConnectorStream(InvokeChunksAsync(response, CancellationToken.None), EventStreamContentType, new ResponseOwner(response));
    }

    private static async ValueTask<JsonNode?> ConverseAsync(BedrockCall call, JsonObject p, CancellationToken cancellationToken)
    {
        var (path, body) = ConverseRequest(call, p, "converse");
        var response = await SendAsync(call, path, body, stream: true, Timeout(p), cancellationToken, readBody: true).ConfigureAwait(false);
        var data = await LlmHttpCall.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        if (ValidateConverseResponse(data) is { } invalid)
        {
            throw new SubActionException($"Response validation failed ({invalid})");
        }

        if (data!["usage"] is JsonObject usage && LlmHttpCall.Number(usage["inputTokens"]) is { } input
            && LlmHttpCall.Number(usage["outputTokens"]) is { } output)
        {
            call.Context.ReportTokenUsage(new TokenUsage(input, output, LlmHttpCall.Number(usage["totalTokens"]) ?? input + output));
        }

        return data;
    }

    private static async ValueTask<ConnectorStream> ConverseStreamAsync(BedrockCall call, JsonObject p, CancellationToken cancellationToken)
    {
        var (path, body) = ConverseRequest(call, p, "converse-stream");
        var response = await SendAsync(call, path, body, stream: true, Timeout(p), cancellationToken).ConfigureAwait(false);
        return new ConnectorStream(ConverseChunksAsync(response, CancellationToken.None), EventStreamContentType, new ResponseOwner(response));
    }

    /// <summary>Kibana's converse body: <c>{messages, inferenceConfig, toolConfig?, system, modelId}</c>.</summary>
    internal static (string Path, string Body) ConverseRequest(BedrockCall call, JsonObject p, string operation)
    {
        var modelId = LlmHttpCall.Text(p, "model") ?? call.Config.DefaultModel;
        if (string.IsNullOrEmpty(modelId))
        {
            throw new SubActionException("No model specified. Please configure a default model.");
        }

        var inference = new JsonObject();
        if (LlmHttpCall.Number(p["temperature"]) is not null)
        {
            inference["temperature"] = Coerced(p["temperature"]!);
        }

        if (p["stopSequences"] is { } stops)
        {
            inference["stopSequences"] = stops.DeepClone();
        }

        if (LlmHttpCall.Number(p["maxTokens"]) is not null)
        {
            inference["maxTokens"] = Coerced(p["maxTokens"]!);
        }

        var body = new JsonObject { ["messages"] = p["messages"]!.DeepClone(), ["inferenceConfig"] = inference };
        if (p.ContainsKey("tools") || p.ContainsKey("toolChoice"))
        {
            var toolConfig = new JsonObject();
            if (p["tools"] is { } tools)
            {
                toolConfig["tools"] = tools.DeepClone();
            }

            if (p["toolChoice"] is { } choice)
            {
                toolConfig["toolChoice"] = choice.DeepClone();
            }

            body["toolConfig"] = toolConfig;
        }

        if (p["system"] is { } system)
        {
            body["system"] = system.DeepClone();
        }

        body["modelId"] = modelId;
        return ($"/model/{BedrockBody.ModelSegment(modelId)}/{operation}", Json(body));
    }

    private static JsonNode Coerced(JsonNode value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? value.DeepClone() : JsonValue.Create(LlmHttpCall.Double(value)!.Value);

    private static double Timeout(JsonObject p) => LlmHttpCall.Double(p["timeout"]) ?? DefaultTimeoutMs;

    /// <summary>
    /// <c>runApi</c>: POST <c>/model/{model}/invoke</c>; <c>raw</c> answers the response as is; a body with <c>prompt</c>
    /// (Claude 2) answers <c>{completion, stop_reason?, usage?}</c> as is; otherwise the Messages API response is
    /// mapped to <c>{completion: parseContent(content), stop_reason, usage}</c>.
    /// </summary>
    private static async Task<JsonNode?> RunApiAsync(
        BedrockCall call, string body, string? model, double? timeout, bool raw, CancellationToken cancellationToken)
    {
        var path = $"/model/{ModelSegment(call, model)}/invoke";
        var deprecated = false;
        if (!raw)
        {
            if (!JsJsonText.TryReserialize(body, out _, out var parseError))
            {
                throw new SubActionException(parseError);
            }

            deprecated = BedrockBody.UsesDeprecatedArguments(JsonNode.Parse(body));
        }

        var response = await SendAsync(call, path, body, stream: false, timeout ?? DefaultTimeoutMs, cancellationToken).ConfigureAwait(false);
        var data = await LlmHttpCall.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        if (raw)
        {
            if (data is not JsonObject)
            {
                throw new SubActionException($"Response validation failed (expected a plain object value, but found [{SubActionHttp.Kind(data)}] instead.)");
            }

            ReportUsage(call, data["usage"]);
            return data;
        }

        if (deprecated)
        {
            if (ValidateCompletionResponse(data) is { } invalid)
            {
                throw new SubActionException($"Response validation failed ({invalid})");
            }

            ReportUsage(call, data!["usage"]);
            return data;
        }

        if (ValidateMessagesResponse(data) is { } invalidLatest)
        {
            throw new SubActionException($"Response validation failed ({invalidLatest})");
        }

        var result = new JsonObject { ["completion"] = BedrockBody.ParseContent(data!["content"]!.AsArray()) };
        if (data["stop_reason"] is { } stopReason)
        {
            result["stop_reason"] = stopReason.DeepClone();
        }

        if (data["usage"] is { } usage)
        {
            result["usage"] = usage.DeepClone();
        }

        ReportUsage(call, data["usage"]);
        return result;
    }

    private static string ModelSegment(BedrockCall call, string? model)
    {
        var chosen = model ?? call.Config.DefaultModel;
        if (string.IsNullOrEmpty(chosen))
        {
            throw new SubActionException("No model specified. Please configure a default model.");
        }

        return BedrockBody.ModelSegment(chosen);
    }

    /// <summary>Signs and sends one call; a 2xx response is returned (not read).</summary>
    private static async Task<HttpResponseMessage> SendAsync(
        BedrockCall call, string path, string body, bool stream, double? timeoutMs, CancellationToken cancellationToken, bool readBody = false)
    {
        var url = LlmHttpCall.Prepare(call.Context, call.Config.ApiUrl + path);
        var bytes = Encoding.UTF8.GetBytes(body);
        var amzDate = AwsSigV4Signer.AmzDate(call.Context.TimeProvider.GetUtcNow());
        var headers = SignedHeaders(url, stream, bytes.Length, amzDate);
        var signature = AwsSigV4Signer.Sign(
            new AwsSigV4Request("POST", url.AbsolutePath, url.Query, headers, bytes),
            new AwsCredentials(call.Secrets.AccessKey, call.Secrets.Secret),
            RegionOf(call.Config),
            "bedrock",
            amzDate);
        var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        foreach (var (name, value) in headers)
        {
            if (name is not ("Content-Type" or "Host" or "Content-Length"))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        message.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        try
        {
            return await LlmHttpCall.SendAsync(
                call.Context,
                message,
                stream && !readBody,
                timeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
                ErrorMessage,
                failed: null,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The response (if any) is the caller's; the request message is no longer needed once headers are in.
            message.Content.Dispose();
        }
    }

    /// <summary>
    /// The headers Kibana hands to <c>aws4.sign</c> plus those it adds (<c>Host</c>, <c>X-Amz-Date</c>,
    /// <c>Content-Length</c>), all of them signed.
    /// </summary>
    internal static List<KeyValuePair<string, string>> SignedHeaders(Uri url, bool stream, int contentLength, string amzDate)
    {
        var headers = stream
            ? new List<KeyValuePair<string, string>>
            {
                new("accept", EventStreamContentType),
                new("Content-Type", "application/json"),
                new("x-amzn-bedrock-accept", "*/*"),
            }
            : [new("Content-Type", "application/json"), new("Accept", "*/*")];
        headers.Add(new("Host", url.Authority));
        headers.Add(new("X-Amz-Date", amzDate));
        headers.Add(new("Content-Length", contentLength.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return headers;
    }

    /// <summary>Bedrock's <c>getResponseErrorMessage</c>.</summary>
    internal static string ErrorMessage(LlmHttpFailure failure)
    {
        if (failure.Status is not { } status)
        {
            return $"Unexpected API Error: {failure.Code ?? string.Empty} - {failure.Message}";
        }

        var message = failure.DataMessage;
        if (status == 400 && message == "The requested operation is not recognized by the service.")
        {
            return $"API Error: {message}\n\nThe Kibana Connector in use may need to be reconfigured with an updated Amazon Bedrock endpoint, like `bedrock-runtime`.";
        }

        if (status == 401)
        {
            return "Unauthorized API Error" + (message is not null ? $": {message}" : string.Empty);
        }

        return $"API Error: {failure.StatusText}" + (message is not null ? $" - {message}" : string.Empty);
    }

    private static void ReportUsage(BedrockCall call, JsonNode? usage)
    {
        if (usage is JsonObject u && LlmHttpCall.Number(u["input_tokens"]) is { } input && LlmHttpCall.Number(u["output_tokens"]) is { } output)
        {
            call.Context.ReportTokenUsage(new TokenUsage(input, output, input + output));
        }
    }

    private static string? ValidateUsage(JsonNode? usage)
    {
        if (usage is null)
        {
            return null;
        }

        if (usage is not JsonObject u)
        {
            return $"Error: [usage]: expected value of type [object] but got [{SubActionHttp.Kind(usage)}]";
        }

        foreach (var name in (string[])["input_tokens", "output_tokens"])
        {
            if (LlmHttpCall.Number(u[name]) is null)
            {
                return $"Error: [usage.{name}]: expected value of type [number] but got [{SubActionHttp.Kind(u[name])}]";
            }
        }

        return null;
    }

    /// <summary><c>RunActionResponseSchema</c> (Claude 2): <c>{completion: string, stop_reason?: string, usage?}</c>.</summary>
    private static string? ValidateCompletionResponse(JsonNode? data)
    {
        if (data is not JsonObject obj)
        {
            return $"Error: expected a plain object value, but found [{SubActionHttp.Kind(data)}] instead.";
        }

        if (LlmHttpCall.Text(obj, "completion") is null)
        {
            return $"Error: [completion]: expected value of type [string] but got [{SubActionHttp.Kind(obj["completion"])}]";
        }

        return ValidateStopReason(obj) ?? ValidateUsage(obj["usage"]);
    }

    /// <summary><c>RunApiLatestResponseSchema</c>: <c>{content: [{type, text?}], stop_reason?, usage?}</c>, other keys kept.</summary>
    private static string? ValidateMessagesResponse(JsonNode? data)
    {
        if (data is not JsonObject obj)
        {
            return $"Error: expected a plain object value, but found [{SubActionHttp.Kind(data)}] instead.";
        }

        if (obj["content"] is not JsonArray content)
        {
            return $"Error: [content]: expected value of type [array] but got [{SubActionHttp.Kind(obj["content"])}]";
        }

        for (var i = 0; i < content.Count; i++)
        {
            if (content[i] is not JsonObject block || LlmHttpCall.Text(block, "type") is null)
            {
                return $"Error: [content.{i}.type]: expected value of type [string] but got [{SubActionHttp.Kind((content[i] as JsonObject)?["type"])}]";
            }

            if (block["text"] is { } text && LlmHttpCall.Text(block, "text") is null)
            {
                return $"Error: [content.{i}.text]: expected value of type [string] but got [{SubActionHttp.Kind(text)}]";
            }
        }

        return ValidateStopReason(obj) ?? ValidateUsage(obj["usage"]);
    }

    private static string? ValidateStopReason(JsonObject obj) =>
        obj["stop_reason"] is { } stop && LlmHttpCall.Text(obj, "stop_reason") is null
            ? $"Error: [stop_reason]: expected value of type [string] but got [{SubActionHttp.Kind(stop)}]"
            : null;

    /// <summary><c>ConverseResponseSchema</c>: <c>{output: {message?: object}, stopReason?: string, usage: object}</c>, other keys kept.</summary>
    private static string? ValidateConverseResponse(JsonNode? data)
    {
        if (data is not JsonObject obj)
        {
            return $"Error: expected a plain object value, but found [{SubActionHttp.Kind(data)}] instead.";
        }

        if (obj["output"] is not JsonObject output)
        {
            return $"Error: [output]: expected value of type [object] but got [{SubActionHttp.Kind(obj["output"])}]";
        }

        if (output["message"] is { } message and not JsonObject)
        {
            return $"Error: [output.message]: expected value of type [object] but got [{SubActionHttp.Kind(message)}]";
        }

        if (obj["stopReason"] is { } stop && LlmHttpCall.Text(obj, "stopReason") is null)
        {
            return $"Error: [stopReason]: expected value of type [string] but got [{SubActionHttp.Kind(stop)}]";
        }

        return obj["usage"] is JsonObject ? null : $"Error: [usage]: expected value of type [object] but got [{SubActionHttp.Kind(obj["usage"])}]";
    }

    private static string Json(JsonNode node) => node.ToJsonString(HttpResults.JsonOptions);

    /// <summary>
    /// <c>invoke-with-response-stream</c> frames: a <c>chunk</c> event's <c>{"bytes": base64}</c> decoded to the
    /// Anthropic event; text deltas as <see cref="ConnectorStreamChunk.Content"/>; usage from
    /// <c>amazon-bedrock-invocationMetrics</c> (or <c>message_start</c> + <c>message_delta</c>).
    /// </summary>
    internal static async IAsyncEnumerable<ConnectorStreamChunk> InvokeChunksAsync(
        HttpResponseMessage response, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        long? inputTokens = null;
        await foreach (var frame in AwsEventStream.ReadAsync(body, cancellationToken).ConfigureAwait(false))
        {
            ThrowIfException(frame);
            var payload = Encoding.UTF8.GetString(frame.Payload.Span);
            var json = TryParse(payload);
            if (LlmHttpCall.Text(json, "bytes") is { } encoded)
            {
                payload = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                json = TryParse(payload);
            }

            TokenUsage? usage = null;
            string? content = null;
            switch (LlmHttpCall.Text(json, "type"))
            {
                case "message_start":
                    inputTokens = LlmHttpCall.Number(json!["message"]?["usage"]?["input_tokens"]);
                    break;
                case "content_block_delta" when LlmHttpCall.Text(json!["delta"], "type") == "text_delta":
                    content = LlmHttpCall.Text(json["delta"], "text");
                    break;
                case "message_delta" when LlmHttpCall.Number(json!["usage"]?["output_tokens"]) is { } output && inputTokens is { } input:
                    usage = new TokenUsage(input, output, input + output);
                    break;
                default:
                    content = json is JsonObject legacy && legacy.ContainsKey("completion") ? LlmHttpCall.Text(legacy, "completion") : null;
                    break;
            }

            if (json?["amazon-bedrock-invocationMetrics"] is JsonObject metrics
                && LlmHttpCall.Number(metrics["inputTokenCount"]) is { } metricIn && LlmHttpCall.Number(metrics["outputTokenCount"]) is { } metricOut)
            {
                usage = new TokenUsage(metricIn, metricOut, metricIn + metricOut);
            }

            yield return new ConnectorStreamChunk
            {
                Raw = frame.Raw,
                Event = frame.Header(":event-type"),
                Payload = payload,
                Json = json,
                Content = content,
                Usage = usage,
            };
        }
    }

    /// <summary><c>converse-stream</c> frames: <c>contentBlockDelta</c> text as content, <c>metadata</c> usage.</summary>
    internal static async IAsyncEnumerable<ConnectorStreamChunk> ConverseChunksAsync(
        HttpResponseMessage response, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var frame in AwsEventStream.ReadAsync(body, cancellationToken).ConfigureAwait(false))
        {
            ThrowIfException(frame);
            var payload = Encoding.UTF8.GetString(frame.Payload.Span);
            var json = TryParse(payload);
            var eventType = frame.Header(":event-type");
            TokenUsage? usage = null;
            if (eventType == "metadata" && json?["usage"] is JsonObject u
                && LlmHttpCall.Number(u["inputTokens"]) is { } input && LlmHttpCall.Number(u["outputTokens"]) is { } output)
            {
                usage = new TokenUsage(input, output, LlmHttpCall.Number(u["totalTokens"]) ?? input + output);
            }

            yield return new ConnectorStreamChunk
            {
                Raw = frame.Raw,
                Event = eventType,
                Payload = payload,
                Json = json,
                Content = eventType == "contentBlockDelta" ? LlmHttpCall.Text(json?["delta"], "text") : null,
                Usage = usage,
            };
        }
    }

    private static void ThrowIfException(AwsEventStreamMessage frame)
    {
        switch (frame.Header(":message-type"))
        {
            case "exception":
                var type = frame.Header(":exception-type");
                var json = TryParse(Encoding.UTF8.GetString(frame.Payload.Span));
                var message = LlmHttpCall.Text(json, "message") ?? LlmHttpCall.Text(json, "Message") ?? type ?? "The event stream reported an exception.";
                throw new AwsEventStreamServiceException(message, type);
            case "error":
                throw new AwsEventStreamServiceException(
                    frame.Header(":error-message") ?? frame.Header(":error-code") ?? "The event stream reported an error.", frame.Header(":error-code"));
        }
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One execution of a <c>.bedrock</c> sub-action: the context and the bound config and secrets.</summary>
internal sealed class BedrockCall(ConnectorExecutionContext context, BedrockConfig config, BedrockSecrets secrets)
{
    public ConnectorExecutionContext Context { get; } = context;

    public BedrockConfig Config { get; } = config;

    public BedrockSecrets Secrets { get; } = secrets;
}
