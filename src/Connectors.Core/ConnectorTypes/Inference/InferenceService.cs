using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.Internal;

namespace Connectors.ConnectorTypes.Inference;

/// <summary>
/// One execution of an <c>.inference</c> connector: Kibana's <c>InferenceConnector</c> methods against Elasticsearch's
/// <c>_inference</c> API at <c>ServiceUrls[".inference"]</c>, with the credentials of <see cref="ConnectorsOptions.Inference"/>.
/// </summary>
internal sealed class InferenceService(ConnectorExecutionContext context, InferenceConfig config, IndexOptions credentials)
{
    /// <summary>Kibana's <c>requestTimeout</c> (and the <c>timeout</c> query parameter) of the chat-completion stream.</summary>
    public static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(180);

    public const string TokenLimitReached = "createTokenLimitReachedError()";

    /// <summary><c>unified_completion_stream</c> / <c>unified_completion_async_iterator</c>: the events as a stream.</summary>
    public async ValueTask<ConnectorStream> StreamAsync(InferenceUnifiedParams p, CancellationToken cancellationToken)
    {
        var response = await OpenStreamAsync(p, cancellationToken).ConfigureAwait(false);
        return SseChunks.Create(response, SseChunks.OpenAIDelta, SseChunks.OpenAIUsage);
    }

    /// <summary><c>unified_completion</c>: the stream read to the end and folded into one OpenAI-shaped completion.</summary>
    public async ValueTask<JsonNode?> UnifiedCompletionAsync(InferenceUnifiedParams p, CancellationToken cancellationToken)
    {
        using var response = await OpenStreamAsync(p, cancellationToken).ConfigureAwait(false);
        var aggregate = new CompletionAggregate();
        await foreach (var chunk in SseChunks.ReadAsync(response, static _ => null, static _ => null, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            aggregate.Add(chunk.Payload);
        }

        var result = aggregate.Result();
        if (SseChunks.OpenAIUsage(result) is { } usage)
        {
            context.ReportTokenUsage(usage);
        }

        return result;
    }

    /// <summary><c>completion</c>: <c>response.completion ?? []</c>.</summary>
    public async ValueTask<JsonNode?> CompletionAsync(InferenceCompletionParams p, CancellationToken cancellationToken) =>
        await InferAsync("completion", new JsonObject { ["input"] = p.Input }, cancellationToken).ConfigureAwait(false) is JsonObject { } r
            && r["completion"] is { } completion ? completion.DeepClone() : new JsonArray();

    /// <summary><c>rerank</c>: <c>response.rerank ?? []</c>, each <c>relevance_score</c> renamed <c>score</c> (first).</summary>
    public async ValueTask<JsonNode?> RerankAsync(InferenceRerankParams p, CancellationToken cancellationToken)
    {
        var response = await InferAsync(
            "rerank",
            new JsonObject { ["query"] = p.Query, ["input"] = new JsonArray([.. (p.Input ?? []).Select(i => (JsonNode?)i)]) },
            cancellationToken).ConfigureAwait(false);
        var ranked = new JsonArray();
        if (response?["rerank"] is JsonArray items)
        {
            foreach (var item in items)
            {
                if (item is not JsonObject entry)
                {
                    ranked.Add(item?.DeepClone());
                    continue;
                }

                var mapped = new JsonObject { ["score"] = entry["relevance_score"]?.DeepClone() };
                foreach (var (key, value) in entry)
                {
                    if (key != "relevance_score")
                    {
                        mapped[key] = value?.DeepClone();
                    }
                }

                ranked.Add(mapped);
            }
        }

        return ranked;
    }

    /// <summary><c>text_embedding</c>: the input and <c>task_settings.input_type</c>; <c>response.text_embedding ?? []</c>.</summary>
    public async ValueTask<JsonNode?> TextEmbeddingAsync(InferenceTextEmbeddingParams p, CancellationToken cancellationToken) =>
        await InferAsync(
            "text_embedding",
            new JsonObject { ["input"] = p.Input, ["task_settings"] = new JsonObject { ["input_type"] = p.InputType } },
            cancellationToken).ConfigureAwait(false) is JsonObject { } r && r["text_embedding"] is { } embedding ? embedding.DeepClone() : new JsonArray();

    /// <summary><c>sparse_embedding</c>: <c>response.sparse_embedding ?? []</c>.</summary>
    public async ValueTask<JsonNode?> SparseEmbeddingAsync(InferenceSparseEmbeddingParams p, CancellationToken cancellationToken) =>
        await InferAsync("sparse_embedding", new JsonObject { ["input"] = p.Input }, cancellationToken).ConfigureAwait(false) is JsonObject { } r
            && r["sparse_embedding"] is { } embedding ? embedding.DeepClone() : new JsonArray();

    /// <summary>The chat body sent: the params' body without <c>n</c> (Elasticsearch uses its own).</summary>
    public static string ChatBody(InferenceChatBody body) =>
        JsonSerializer.SerializeToNode(body with { N = null }, InferenceBodyJsonContext.Default.InferenceChatBody)!.ToJsonString(HttpResults.JsonOptions);

    /// <summary><c>POST _inference/chat_completion/{id}/_stream?timeout=180s</c>; a status of 400 or more becomes Kibana's error.</summary>
    private async Task<HttpResponseMessage> OpenStreamAsync(InferenceUnifiedParams p, CancellationToken cancellationToken)
    {
        using var request = NewRequest($"_inference/chat_completion/{Uri.EscapeDataString(config.InferenceId)}/_stream?timeout=180s", ChatBody(p.Body));
        request.Headers.TryAddWithoutValidation("X-Elastic-Product-Use-Case", p.TelemetryMetadata?.PluginId ?? "inference");
        request.Headers.TryAddWithoutValidation("accept-encoding", "identity");
        request.Options.Set(ConnectorHttpRequestOptions.Timeout, StreamTimeout);
        request.Options.Set(ConnectorHttpRequestOptions.StreamResponse, true);
        var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status < 400)
        {
            return response;
        }

        using (response)
        {
            string body;
            try
            {
                body = await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new SubActionException(
                    InferenceErrors.Truncate($"Inference endpoint [{config.InferenceId}] returned status code {status}; upstream body stream failed: {ex.Message}"),
                    status < 500 ? ErrorSource.User : ErrorSource.Framework);
            }

            var retryAt = status == 429 ? HttpResults.RetryAt(response, context.TimeProvider) : null;
            if (body.Contains("status [429]", StringComparison.Ordinal) && body.Contains("quota", StringComparison.Ordinal))
            {
                throw new SubActionException(InferenceErrors.Truncate(body), ErrorSource.User) { RetryAt = retryAt };
            }

            var message = $"Inference endpoint [{config.InferenceId}] returned status code {status}{(body.Length > 0 ? $": {body}" : string.Empty)}";
            throw new SubActionException(InferenceErrors.Truncate(message), status < 500 ? ErrorSource.User : ErrorSource.Framework)
            {
                RetryAt = retryAt,
            };
        }
    }

    /// <summary>
    /// <c>esClient.inference.inference</c>: <c>POST _inference/{task}/{id}</c>; a non-2xx answer throws the Elasticsearch
    /// client's <c>ResponseError</c> text (capped and redacted).
    /// </summary>
    private async Task<JsonNode?> InferAsync(string taskType, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = NewRequest($"_inference/{taskType}/{Uri.EscapeDataString(config.InferenceId)}", body.ToJsonString(HttpResults.JsonOptions));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var text = await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false);
        var data = HttpResults.ParseBody(text);
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return data;
        }

        throw new SubActionException(
            InferenceErrors.Truncate(InferenceErrors.ResponseErrorMessage(data, text)),
            HttpResults.IsUserErrorStatus(status) ? ErrorSource.User : ErrorSource.Framework)
        {
            RetryAt = status == 429 ? HttpResults.RetryAt(response, context.TimeProvider) : null,
        };
    }

    private HttpRequestMessage NewRequest(string path, string body)
    {
        var baseUrl = context.ServiceUrl;
        if (string.IsNullOrEmpty(baseUrl))
        {
            throw new SubActionException(
                "The Elasticsearch URL of the .inference connector is not configured: set ConnectorsOptions.ServiceUrls[\".inference\"]",
                ErrorSource.Framework);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl.TrimEnd('/')}/{path}")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        if (!string.IsNullOrEmpty(credentials.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", credentials.ApiKey);
        }
        else if (credentials.Username is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", HttpResults.BasicAuthorization(credentials.Username, credentials.Password ?? string.Empty));
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await context.HttpClient.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new SubActionException(InferenceErrors.Truncate(HttpResults.MessageOf(ex)), HttpResults.SourceOf(ex));
        }
    }

    /// <summary>
    /// Kibana's <c>chunksIntoMessage</c>: content concatenated, the latest refusal, tool calls built by <c>index</c>
    /// (name, arguments and id appended, type replaced), <c>usage</c> from the usage chunk; an error event or a
    /// <c>length</c> finish fails the call.
    /// </summary>
    internal sealed class CompletionAggregate
    {
        private readonly StringBuilder content = new();
        private readonly List<JsonObject> toolCalls = [];
        private JsonNode? refusal;
        private JsonNode? usage;
        private JsonNode? id;
        private JsonNode? model;
        private bool any;
        private bool usageBeforeFirst;

        /// <summary>Folds one event's data in.</summary>
        public void Add(string? data)
        {
            if (string.IsNullOrEmpty(data) || data == "[DONE]")
            {
                return;
            }

            JsonNode? line;
            try
            {
                line = JsonNode.Parse(data);
            }
            catch (JsonException)
            {
                throw new SubActionException($"Unexpected token in JSON: {InferenceErrors.Truncate(data)}");
            }

            if (line is not JsonObject chunk)
            {
                return;
            }

            if (chunk.ContainsKey("error"))
            {
                var error = chunk["error"];
                var message = Text(error?["message"]) ?? Text(error?["reason"]) ?? "Unknown error";
                throw new SubActionException(InferenceErrors.Truncate(message));
            }

            var choices = chunk["choices"] as JsonArray;
            if (choices is { Count: > 0 } && Text(choices[0]?["finish_reason"]) == "length")
            {
                throw new SubActionException(TokenLimitReached);
            }

            if (Text(chunk["object"]) != "chat.completion.chunk")
            {
                return;
            }

            var chunkUsage = chunk["usage"];
            if (choices is { Count: > 0 } && chunkUsage is null)
            {
                var delta = choices[0]?["delta"];
                content.Append(Text(delta?["content"]));
                if (delta?["refusal"] is { } r && IsTruthy(r))
                {
                    refusal = r.DeepClone();
                }

                foreach (var call in delta?["tool_calls"] as JsonArray ?? [])
                {
                    MergeToolCall(call);
                }
            }
            else if (chunkUsage is not null)
            {
                usage = chunkUsage.DeepClone();
                usageBeforeFirst |= !any;
            }

            id = chunk["id"]?.DeepClone();
            model = chunk["model"]?.DeepClone();
            any = true;
        }

        /// <summary>The completion; fails when the stream carried no chunk at all.</summary>
        public JsonObject Result()
        {
            if (!any)
            {
                throw new SubActionException("no elements in sequence");
            }

            var message = new JsonObject
            {
                ["content"] = content.Length == 0 ? null : content.ToString(),
                ["refusal"] = refusal?.DeepClone(),
                ["role"] = "assistant",
            };
            if (toolCalls.Count > 0)
            {
                var calls = new JsonArray();
                foreach (var call in toolCalls)
                {
                    var copy = (JsonObject)call.DeepClone();
                    if (copy["function"]?["arguments"] is JsonValue arguments && arguments.ToString().Trim().Length == 0)
                    {
                        copy["function"]!["arguments"] = "{}";
                    }

                    calls.Add(copy);
                }

                message["tool_calls"] = calls;
            }

            var result = new JsonObject { ["choices"] = new JsonArray(new JsonObject { ["message"] = message }), ["object"] = "chat.completion" };
            if (usageBeforeFirst && usage is not null)
            {
                result["usage"] = usage.DeepClone();
            }

            if (id is not null)
            {
                result["id"] = id.DeepClone();
            }

            if (model is not null)
            {
                result["model"] = model.DeepClone();
            }

            if (!usageBeforeFirst && usage is not null)
            {
                result["usage"] = usage.DeepClone();
            }

            return result;
        }

        private void MergeToolCall(JsonNode? call)
        {
            if (call?["index"] is not JsonValue indexValue || !indexValue.TryGetValue<int>(out var index))
            {
                return;
            }

            if (toolCalls.Count - 1 != index)
            {
                toolCalls.Add(new JsonObject { ["function"] = new JsonObject { ["name"] = string.Empty, ["arguments"] = string.Empty }, ["id"] = string.Empty });
            }

            if (index < 0 || index >= toolCalls.Count)
            {
                throw new SubActionException($"Cannot read properties of undefined (reading 'function')");
            }

            var target = toolCalls[index];
            var function = (JsonObject)target["function"]!;
            if (Text(call["function"]?["name"]) is { Length: > 0 } name)
            {
                function["name"] = Text(function["name"]) + name;
            }

            if (Text(call["function"]?["arguments"]) is { Length: > 0 } arguments)
            {
                function["arguments"] = Text(function["arguments"]) + arguments;
            }

            if (Text(call["id"]) is { Length: > 0 } callId)
            {
                target["id"] = Text(target["id"]) + callId;
            }

            if (Text(call["type"]) is { Length: > 0 } type)
            {
                target["type"] = type;
            }
        }

        private static string? Text(JsonNode? node) =>
            node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

        private static bool IsTruthy(JsonNode node) => node is not JsonValue v || v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.Number => v.ToJsonString() != "0",
            _ => true,
        };
    }
}
