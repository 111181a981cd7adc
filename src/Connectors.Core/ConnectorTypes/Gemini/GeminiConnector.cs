using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.Gemini;

/// <summary>
/// <c>.gemini</c> (Google Gemini through Vertex AI): a sub-action connector that exchanges the service account's key
/// for an access token (cached per connector) and posts to
/// <c>{apiUrl}/v1/projects/{project}/locations/{region}/publishers/google/models/{model}:generateContent</c>
/// (<c>run</c>/<c>test</c>, <c>invokeAI</c>, <c>invokeAIRaw</c>) or <c>:streamGenerateContent?alt=sse</c>
/// (<c>invokeStream</c>, surfaced as a <see cref="ConnectorStream"/> of server-sent events).
/// </summary>
internal sealed class GeminiConnector : IConnectorExecutor
{
    public const string TypeId = ".gemini";
    public const string DefaultModel = "gemini-2.5-pro";
    public const string DefaultUrl = "https://us-central1-aiplatform.googleapis.com";
    public const string DefaultRegion = "us-central1";
    public const int DefaultTimeoutMs = 180000;
    public const int DefaultTokenLimit = 8192;

    private static readonly SubActionSet<GeminiCall> SubActions =
        new SubActionSet<GeminiCall>(TypeId, "Google Gemini")
            .Add("run", GeminiJsonContext.Default.GeminiRunParams, RunAsync)
            .Add("test", GeminiJsonContext.Default.GeminiRunParams, RunAsync)
            .Add("invokeAI", GeminiJsonContext.Default.GeminiInvokeParams, InvokeAIAsync)
            .Add("invokeAIRaw", GeminiJsonContext.Default.GeminiInvokeParams, InvokeAIRawAsync)
            .AddStream("invokeStream", GeminiJsonContext.Default.GeminiInvokeParams, InvokeStreamAsync);

    private readonly GeminiTokenCache tokens = new();

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Google Gemini",
        MinimumLicenseRequired = LicenseLevel.Enterprise,
        SupportedFeatureIds =
        [
            ConnectorFeatureIds.GenerativeAIForSecurity,
            ConnectorFeatureIds.GenerativeAIForSearchPlayground,
            ConnectorFeatureIds.GenerativeAIForObservability,
            ConnectorFeatureIds.Workflows,
        ],
        Config = ConnectorSchema.Create(GeminiJsonContext.Default.GeminiConfig, ValidateConfig),
        Secrets = ConnectorSchema.Create(GeminiJsonContext.Default.GeminiSecrets, ValidateSecrets),
        Params = SubActionEnvelopeSchema.Instance,
        RenderParamTemplates = LlmRender.RunBody,
    };

    public async ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = new GeminiCall(context, context.GetConfig<GeminiConfig>(), context.GetSecrets<GeminiSecrets>(), tokens);
        return await SubActions.ExecuteAsync(context, call, context.GetParams<SubActionEnvelope>(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Kibana's config validator: <c>assertURL</c> and the allow-list, wrapped as <c>Error configuring Google Gemini action: Error: …</c>.</summary>
    internal static ConnectorValidationError? ValidateConfig(GeminiConfig config, ConnectorValidationContext context)
    {
        try
        {
            SubActionHttp.AssertUrl(config.ApiUrl);
        }
        catch (SubActionException ex)
        {
            return new("apiUrl", $"Error configuring Google Gemini action: Error: {ex.Message}");
        }

        return context.Policy.IsUriAllowed(config.ApiUrl)
            ? null
            : new("apiUrl", $"Error configuring Google Gemini action: Error: error validating url: {ConnectorPolicy.UriNotAllowedMessage(config.ApiUrl)}");
    }

    /// <summary><c>validateGeminiSecrets</c>: a non-empty JSON key file of type <c>service_account</c>.</summary>
    internal static ConnectorValidationError? ValidateSecrets(GeminiSecrets secrets, ConnectorValidationContext context)
    {
        if (string.IsNullOrEmpty(secrets.CredentialsJson))
        {
            return new("credentialsJson", "Google Service Account credentials JSON is required.");
        }

        JsonNode? credentials;
        try
        {
            credentials = JsonNode.Parse(secrets.CredentialsJson);
        }
        catch (JsonException)
        {
            return new("credentialsJson", "Invalid JSON format for credentials.");
        }

        var type = credentials is JsonObject obj && obj["type"] is { } t
            ? (t is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : t.ToJsonString())
            : "undefined";
        return type == "service_account"
            ? null
            : new("credentialsJson", $"Invalid credential type. Only \"service_account\" credentials are supported. Type was \"{type}\".");
    }

    /// <summary><c>runApi</c>: POST <c>:generateContent</c>; <c>raw</c> answers the response as is, else <c>{completion, usageMetadata}</c>.</summary>
    private static async ValueTask<JsonNode?> RunAsync(GeminiCall call, GeminiRunParams p, CancellationToken cancellationToken) =>
        await RunApiAsync(call, BodyText(p.Body), p.Model, p.Timeout, p.Raw == true, cancellationToken).ConfigureAwait(false);

    private static async ValueTask<JsonNode?> InvokeAIAsync(GeminiCall call, GeminiInvokeParams p, CancellationToken cancellationToken)
    {
        var payload = GeminiPayload.Format(p.Messages, p.SystemInstruction, p.Temperature ?? 0, p.MaxOutputTokens, p.ToolConfig);
        var run = await RunApiAsync(call, Json(payload), p.Model, p.Timeout, raw: false, cancellationToken).ConfigureAwait(false);
        var result = new JsonObject();
        if (run!["completion"] is { } completion)
        {
            result["message"] = completion.DeepClone();
        }

        result["usageMetadata"] = run["usageMetadata"]?.DeepClone();
        return result;
    }

    private static async ValueTask<JsonNode?> InvokeAIRawAsync(GeminiCall call, GeminiInvokeParams p, CancellationToken cancellationToken)
    {
        var payload = GeminiPayload.Format(p.Messages, p.SystemInstruction, p.Temperature ?? 0, p.MaxOutputTokens, toolConfig: null);
        if (p.Tools is not null)
        {
            payload["tools"] = p.Tools.DeepClone();
        }

        return await RunApiAsync(call, Json(payload), p.Model, p.Timeout, raw: true, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<ConnectorStream> InvokeStreamAsync(GeminiCall call, GeminiInvokeParams p, CancellationToken cancellationToken)
    {
        var payload = GeminiPayload.Format(p.Messages, p.SystemInstruction, p.Temperature ?? 0, p.MaxOutputTokens, p.ToolConfig);
        if (p.Tools is not null)
        {
            payload["tools"] = p.Tools.DeepClone();
        }

        var response = await SendAsync(call, ModelPath(call, p.Model) + ":streamGenerateContent?alt=sse", Json(payload), stream: true, p.Timeout, cancellationToken)
            .ConfigureAwait(false);
        return SseChunks.Create(response, StreamContent, json => Usage(json["usageMetadata"] as JsonObject));
    }

    private static async Task<JsonNode?> RunApiAsync(GeminiCall call, string body, string? model, double? timeout, bool raw, CancellationToken cancellationToken)
    {
        var response = await SendAsync(call, ModelPath(call, model) + ":generateContent", body, stream: false, timeout, cancellationToken).ConfigureAwait(false);
        var data = await LlmHttpCall.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        if (raw)
        {
            ReportUsage(call, data?["usageMetadata"] as JsonObject);
            return data;
        }

        if (ValidateRunResponse(data) is { } invalid)
        {
            throw new SubActionException($"Response validation failed ({invalid})");
        }

        var usage = data!["usageMetadata"]!.AsObject();
        ReportUsage(call, usage);
        var result = new JsonObject();
        if (CompletionText(data["candidates"]) is { } completion)
        {
            result["completion"] = completion.DeepClone();
        }

        result["usageMetadata"] = usage.DeepClone();
        return result;
    }

    /// <summary><c>candidates[0].content.parts[0].text</c>, failing with the TypeError JavaScript would raise.</summary>
    private static JsonNode? CompletionText(JsonNode? candidates)
    {
        var candidate = Step(candidates, "0");
        var content = Step(candidate, "content");
        var parts = Step(content, "parts");
        var first = Step(parts, "0");
        return Step(first, "text");
    }

    private static JsonNode? Step(JsonNode? node, string key)
    {
        if (node is null)
        {
            throw new SubActionException($"Cannot read properties of undefined (reading '{key}')");
        }

        return node switch
        {
            JsonArray array when int.TryParse(key, out var index) => index < array.Count ? array[index] : null,
            JsonObject obj => obj[key],
            _ => null,
        };
    }

    /// <summary><c>RunApiResponseSchema</c>: <c>candidates</c> any, <c>usageMetadata</c> with the three counts (numbers or numeric strings).</summary>
    private static string? ValidateRunResponse(JsonNode? data)
    {
        if (data is not JsonObject obj)
        {
            return $"Error: expected a plain object value, but found [{SubActionHttp.Kind(data)}] instead.";
        }

        if (obj["usageMetadata"] is not JsonObject usage)
        {
            return $"Error: [usageMetadata]: expected value of type [object] but got [{SubActionHttp.Kind(obj["usageMetadata"])}]";
        }

        foreach (var name in (string[])["promptTokenCount", "candidatesTokenCount", "totalTokenCount"])
        {
            if (LlmHttpCall.Double(usage[name]) is null)
            {
                return $"Error: [usageMetadata.{name}]: expected value of type [number] but got [{SubActionHttp.Kind(usage[name])}]";
            }
        }

        return null;
    }

    private static void ReportUsage(GeminiCall call, JsonObject? usage)
    {
        if (Usage(usage) is { } tokens)
        {
            call.Context.ReportTokenUsage(tokens);
        }
    }

    /// <summary><c>usageMetadata</c> as token usage: prompt, candidates, total.</summary>
    internal static TokenUsage? Usage(JsonObject? usage) =>
        usage is not null
        && LlmHttpCall.Number(usage["promptTokenCount"]) is { } prompt
        && LlmHttpCall.Number(usage["candidatesTokenCount"]) is { } completion
            ? new TokenUsage(prompt, completion, LlmHttpCall.Number(usage["totalTokenCount"]) ?? prompt + completion)
            : null;

    private static string ModelPath(GeminiCall call, string? model) =>
        $"/v1/projects/{call.Config.GcpProjectId}/locations/{call.Config.GcpRegion}/publishers/google/models/{model ?? call.Config.DefaultModel}";

    private static async Task<HttpResponseMessage> SendAsync(
        GeminiCall call, string path, string body, bool stream, double? timeoutMs, CancellationToken cancellationToken)
    {
        var url = LlmHttpCall.Prepare(call.Context, call.Config.ApiUrl + path);
        var token = await call.Tokens.GetAsync(call.Context, call.Secrets, cancellationToken).ConfigureAwait(false);
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        message.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        return await LlmHttpCall.SendAsync(
            call.Context,
            message,
            stream,
            TimeSpan.FromMilliseconds(timeoutMs ?? DefaultTimeoutMs),
            ErrorMessage,
            response =>
            {
                if ((int)response.StatusCode == 401)
                {
                    call.Tokens.Drop(call.Context.ConnectorId, call.Secrets);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gemini's <c>getResponseErrorMessage</c>.</summary>
    internal static string ErrorMessage(LlmHttpFailure failure)
    {
        if (failure.Status is not { } status)
        {
            return $"Unexpected API Error: {failure.Code ?? string.Empty} - {failure.Message}";
        }

        if (failure.Data is JsonObject data && data["error"] is { } error && IsTruthy(error))
        {
            var errorStatus = LlmHttpCall.Text(error, "status");
            var errorMessage = LlmHttpCall.Text(error, "message");
            return "API Error: " + (!string.IsNullOrEmpty(errorStatus) ? $"{errorStatus}: " : string.Empty) + (errorMessage ?? string.Empty);
        }

        var message = failure.DataMessage;
        if (status == 400 && message == "The requested operation is not recognized by the service.")
        {
            return $"API Error: {message}";
        }

        if (status == 401)
        {
            return "Unauthorized API Error" + (message is not null ? $": {message}" : string.Empty);
        }

        return $"API Error: {failure.StatusText}" + (message is not null ? $" - {message}" : string.Empty);
    }

    private static bool IsTruthy(JsonNode node) =>
        node is not JsonValue value || value.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.String => value.GetValue<string>().Length > 0,
            JsonValueKind.Number => value.GetValue<double>() != 0,
            _ => true,
        };

    /// <summary>
    /// What axios sends for <c>data: body</c>: a non-empty string as is, other values as JSON; empty values
    /// (<c>undefined</c>, <c>""</c>, <c>{}</c>, <c>[]</c>, numbers, booleans) as <c>{}</c> (<c>lodash.isEmpty</c>).
    /// </summary>
    internal static string BodyText(JsonNode? body) => body switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0 => v.GetValue<string>(),
        JsonObject { Count: > 0 } or JsonArray { Count: > 0 } => Json(body),
        _ => "{}",
    };

    private static string Json(JsonNode node) => node.ToJsonString(HttpResults.JsonOptions);

    /// <summary>The text of a streamed event: <c>candidates[0].content.parts[].text</c> joined.</summary>
    private static string? StreamContent(JsonNode json)
    {
        if (json["candidates"]?[0]?["content"]?["parts"] is not JsonArray parts)
        {
            return null;
        }

        var texts = parts.Select(part => LlmHttpCall.Text(part, "text")).Where(text => text is not null).ToList();
        return texts.Count > 0 ? string.Concat(texts) : null;
    }
}

/// <summary>One execution of a <c>.gemini</c> sub-action: the context, bound config and secrets, the token cache.</summary>
internal sealed class GeminiCall(ConnectorExecutionContext context, GeminiConfig config, GeminiSecrets secrets, GeminiTokenCache tokens)
{
    public ConnectorExecutionContext Context { get; } = context;

    public GeminiConfig Config { get; } = config;

    public GeminiSecrets Secrets { get; } = secrets;

    public GeminiTokenCache Tokens { get; } = tokens;
}
