using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.Internal;

namespace Connectors.ConnectorTypes.OpenAI;

/// <summary>One execution of a <c>.gen-ai</c> connector: Kibana's <c>OpenAIConnector</c> methods over the guarded client.</summary>
internal sealed class OpenAIService(ConnectorExecutionContext context, OpenAIConfig config, OpenAISecrets secrets, HttpClient client)
{
    /// <summary><c>runApi</c> (<c>run</c>, <c>test</c>): the cleaned-up body, the run response schema, the usage reported.</summary>
    public async ValueTask<JsonNode?> RunApiAsync(string body, double? timeoutMs, CancellationToken cancellationToken)
    {
        var prepared = OpenAIRequestBody.Prepare(
            config.Provider, config.ApiUrl, body, stream: false, config.Provider == OpenAIProvider.Other ? null : config.DefaultModel);
        return await SendAndValidateAsync(prepared, timeoutMs ?? OpenAIConnector.DefaultTimeoutMs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>streamApi</c>: with <c>stream: true</c> the body asks for a stream and the events come back as a stream.</summary>
    public async ValueTask<(JsonNode? Data, ConnectorStream? Stream)> StreamApiAsync(OpenAIStreamParams p, CancellationToken cancellationToken)
    {
        if (p.Stream == true)
        {
            return (null, await OpenStreamAsync(p.Body, p.Timeout, cancellationToken).ConfigureAwait(false));
        }

        var prepared = OpenAIRequestBody.Prepare(config.Provider, config.ApiUrl, p.Body, stream: false, config.DefaultModel);
        return (await SendAndValidateAsync(prepared, p.Timeout, cancellationToken).ConfigureAwait(false), null);
    }

    /// <summary><c>invokeAI</c>: the params as the body of <c>runApi</c>; the first choice's text, trimmed, and the usage.</summary>
    public async ValueTask<JsonNode?> InvokeAIAsync(OpenAIInvokeParams p, CancellationToken cancellationToken)
    {
        var data = await RunApiAsync(InvokeBody(p), p.Timeout, cancellationToken).ConfigureAwait(false);
        var usage = data?["usage"]?.DeepClone();
        if (data?["choices"] is JsonArray { Count: > 0 } choices
            && choices[0]?["message"]?["content"] is JsonValue content
            && content.TryGetValue<string>(out var text) && text.Length > 0)
        {
            return new JsonObject { ["message"] = text.Trim(), ["usage"] = usage };
        }

        return new JsonObject
        {
            ["message"] = OpenAIConnector.UnrecognizedFormat,
            ["usage"] = usage ?? new JsonObject { ["prompt_tokens"] = 0, ["completion_tokens"] = 0, ["total_tokens"] = 0 },
        };
    }

    /// <summary><c>invokeStream</c> (and, here, <c>invokeAsyncIterator</c>): the params as a streamed body.</summary>
    public async ValueTask<ConnectorStream> InvokeStreamAsync(OpenAIInvokeParams p, CancellationToken cancellationToken) =>
        await OpenStreamAsync(InvokeBody(p), p.Timeout, cancellationToken).ConfigureAwait(false);

    /// <summary>The InvokeAI params without <c>signal</c>, <c>timeout</c> and <c>telemetryMetadata</c>, as <c>JSON.stringify</c> writes them.</summary>
    public static string InvokeBody(OpenAIInvokeParams p)
    {
        var json = JsonSerializer.SerializeToNode(p, OpenAIBodyJsonContext.Default.OpenAIInvokeParams)!.AsObject();
        json.Remove("signal");
        json.Remove("timeout");
        json.Remove("telemetryMetadata");
        return json.ToJsonString(HttpResults.JsonOptions);
    }

    private async ValueTask<ConnectorStream> OpenStreamAsync(string body, double? timeoutMs, CancellationToken cancellationToken)
    {
        var prepared = OpenAIRequestBody.Prepare(config.Provider, config.ApiUrl, body, stream: true, config.DefaultModel);
        var response = await SendAsync(prepared, timeoutMs, stream: true, cancellationToken).ConfigureAwait(false);
        return SseChunks.Create(response, SseChunks.OpenAIDelta, SseChunks.OpenAIUsage, new OpenAIStreamTokenEstimator(prepared));
    }

    private async ValueTask<JsonNode?> SendAndValidateAsync(string body, double? timeoutMs, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(body, timeoutMs, stream: false, cancellationToken).ConfigureAwait(false);
        var data = HttpResults.ParseBody(await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false));
        if (ValidateRunResponse(data) is { } invalid)
        {
            throw new SubActionException($"Response validation failed ({invalid})");
        }

        if (SseChunks.OpenAIUsage(data) is { } usage)
        {
            context.ReportTokenUsage(usage);
        }

        return data;
    }

    /// <summary>
    /// POSTs <paramref name="body"/> to the configured URL with the provider's headers. A non-2xx answer throws Kibana's
    /// <c>Status code: X. Message: Y</c> (a 429 with the time <c>Retry-After</c> asked for); a 2xx is returned unread.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(string body, double? timeoutMs, bool stream, CancellationToken cancellationToken)
    {
        var url = config.ApiUrl;
        SubActionHttp.AssertUrl(url);
        if (!context.Policy.IsUriAllowed(url))
        {
            throw new SubActionException($"error configuring connector action: {ConnectorPolicy.UriNotAllowedMessage(url)}", ErrorSource.User);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, SubActionHttp.NormalizeUrl(url))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        foreach (var (name, value) in Headers())
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.Remove("Content-Type");
                request.Content.Headers.TryAddWithoutValidation("Content-Type", value);
            }
            else if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (timeoutMs is > 0 and var ms)
        {
            request.Options.Set(ConnectorHttpRequestOptions.Timeout, TimeSpan.FromMilliseconds(ms));
        }

        if (stream)
        {
            request.Options.Set(ConnectorHttpRequestOptions.StreamResponse, true);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(
                request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            var message = $"Status code: undefined. Message: Unexpected API Error: {HttpResults.ErrorCode(ex) ?? string.Empty} - {HttpResults.MessageOf(ex)}";
            if (ex.HttpRequestError == HttpRequestError.SecureConnectionError)
            {
                message = $"TLS handshake failed: {message}. Verify server certificate hostname and CA configuration.";
            }

            throw new SubActionException(message, HttpResults.SourceOf(ex));
        }

        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return response;
        }

        using (response)
        {
            var data = HttpResults.ParseBody(await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false));
            throw new SubActionException(
                $"Status code: {status}. Message: {ErrorMessage(status, response.ReasonPhrase ?? string.Empty, data)}",
                HttpResults.IsUserErrorStatus(status) ? ErrorSource.User : ErrorSource.Framework)
            {
                RetryAt = status == 429 ? HttpResults.RetryAt(response, context.TimeProvider) : null,
            };
        }
    }

    /// <summary>
    /// The headers in Kibana's merge order: config headers, <c>OpenAI-Organization</c>, <c>OpenAI-Project</c>, then the
    /// provider's auth and <c>content-type</c> (later ones win, names case-insensitive).
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> Headers()
    {
        var merged = new Dictionary<string, KeyValuePair<string, string>>(StringComparer.OrdinalIgnoreCase);
        void Set(string name, string value) => merged[name] = new(name, value);
        foreach (var (name, value) in config.Headers ?? [])
        {
            Set(name, value);
        }

        if (config.OrganizationId is { } organization)
        {
            Set("OpenAI-Organization", organization);
        }

        if (config.ProjectId is { } project)
        {
            Set("OpenAI-Project", project);
        }

        var key = secrets.ApiKey ?? string.Empty;
        if (config.Provider == OpenAIProvider.Azure)
        {
            Set("api-key", key);
        }
        else
        {
            Set("Authorization", $"Bearer {key}");
        }

        Set("Content-Type", "application/json");
        return merged.Values;
    }

    /// <summary>Kibana's <c>getResponseErrorMessage</c> for a response with a status.</summary>
    public static string ErrorMessage(int status, string statusText, JsonNode? data)
    {
        var error = data is JsonObject o ? o["error"] : null;
        var detail = (error is JsonObject e ? e["message"] : null) ?? error;
        var text = detail switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() is JsonValueKind.False => null,
            JsonValue v when v.GetValueKind() is JsonValueKind.Number && v.ToJsonString() == "0" => null,
            JsonValue v => v.ToJsonString(),
            JsonArray a => string.Join(',', a.Select(item => item?.ToString() ?? string.Empty)),
            _ => "[object Object]",
        };
        var suffix = string.IsNullOrEmpty(text) ? string.Empty : $" - {text}";
        return status == 401 ? $"Unauthorized API Error{suffix}" : $"API Error: {statusText}{suffix}";
    }

    /// <summary>Kibana's run response schema: <c>usage</c> with its three counts, <c>choices</c> with a message role each.</summary>
    public static string? ValidateRunResponse(JsonNode? data)
    {
        if (data is not JsonObject body)
        {
            return $"expected value of type [object] but got [{SubActionHttp.Kind(data)}]";
        }

        if (body["usage"] is not JsonObject usage)
        {
            return $"[usage]: expected value of type [object] but got [{SubActionHttp.Kind(body["usage"])}]";
        }

        foreach (var field in new[] { "prompt_tokens", "completion_tokens", "total_tokens" })
        {
            if (!IsNumber(usage[field]))
            {
                return $"[usage.{field}]: expected value of type [number] but got [{SubActionHttp.Kind(usage[field])}]";
            }
        }

        if (body["choices"] is not JsonArray choices)
        {
            return $"[choices]: expected value of type [array] but got [{SubActionHttp.Kind(body["choices"])}]";
        }

        for (var i = 0; i < choices.Count; i++)
        {
            if (choices[i]?["message"] is not JsonObject message)
            {
                return $"[choices.{i}.message]: expected value of type [object] but got [{SubActionHttp.Kind(choices[i]?["message"])}]";
            }

            if (message["role"] is not JsonValue role || role.GetValueKind() != JsonValueKind.String)
            {
                return $"[choices.{i}.message.role]: expected value of type [string] but got [{SubActionHttp.Kind(message["role"])}]";
            }

            if (message["content"] is { } content && (content is not JsonValue c || c.GetValueKind() != JsonValueKind.String))
            {
                return $"[choices.{i}.message.content]: expected value of type [string] but got [{SubActionHttp.Kind(content)}]";
            }
        }

        return null;
    }

    /// <summary><c>z.coerce.number()</c>: a number, or a string that is one.</summary>
    private static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() switch
    {
        JsonValueKind.Number => true,
        JsonValueKind.String => double.TryParse(v.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _),
        _ => false,
    };
}
