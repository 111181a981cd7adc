using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.ConnectorTypes.Common;

/// <summary>
/// A <c>text/event-stream</c> response as a <see cref="ConnectorStream"/>: each server-sent event (parsed with
/// <see cref="SseParser"/>) becomes one chunk, its <c>data</c> parsed as JSON when it is JSON, with the content delta and
/// the token usage the connector type finds in it. The stream owns the response and releases it when it ends.
/// </summary>
internal static class SseChunks
{
    public const string ContentType = "text/event-stream";

    /// <summary>Wraps <paramref name="response"/> (a 2xx whose body has not been read yet).</summary>
    /// <param name="response">The response, owned by the stream from now on.</param>
    /// <param name="content">The text delta of one event's JSON, if any.</param>
    /// <param name="usage">The token usage one event's JSON carries, if any.</param>
    /// <param name="estimator">
    /// Estimates the usage when no event carried one: the estimate goes on the <c>[DONE]</c> event.
    /// </param>
    public static ConnectorStream Create(
        HttpResponseMessage response, Func<JsonNode, string?> content, Func<JsonNode, TokenUsage?> usage, IStreamTokenEstimator? estimator = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new ConnectorStream(ReadAsync(response, content, usage, estimator), ContentType, new ResponseOwner(response));
    }

    /// <summary>Reads the events of a response body; the enumerator's token cancels the read.</summary>
    public static async IAsyncEnumerable<ConnectorStreamChunk> ReadAsync(
        HttpResponseMessage response,
        Func<JsonNode, string?> content,
        Func<JsonNode, TokenUsage?> usage,
        IStreamTokenEstimator? estimator = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var reported = false;
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            var json = ParseJson(item.Data);
            var chunkUsage = json is null ? null : usage(json);
            reported |= chunkUsage is not null;
            if (json is not null)
            {
                estimator?.Observe(json);
            }
            else if (!reported && estimator is not null && item.Data == "[DONE]")
            {
                chunkUsage = estimator.Estimate();
            }

            yield return new ConnectorStreamChunk
            {
                Raw = Encode(item),
                Event = item.EventType,
                Payload = item.Data,
                Json = json,
                Content = json is null ? null : content(json),
                Usage = chunkUsage,
            };
        }
    }

    /// <summary>The payload as JSON, or <see langword="null"/> when it is not JSON (for example <c>[DONE]</c>).</summary>
    public static JsonNode? ParseJson(string data)
    {
        var trimmed = data.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] is not ('{' or '['))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(data);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The event in wire form: <c>event:</c> when it is not the default <c>message</c>, one <c>data:</c> line per line of
    /// data, and the blank line that ends it. (The parser does not hand out the bytes it read, so this is the event
    /// written back, equal to what the service sent for the usual <c>data: …</c> events.)
    /// </summary>
    public static byte[] Encode(SseItem<string> item)
    {
        var text = new StringBuilder();
        if (item.EventType != SseParser.EventTypeDefault)
        {
            text.Append("event: ").Append(item.EventType).Append('\n');
        }

        foreach (var line in item.Data.Split('\n'))
        {
            text.Append("data: ").Append(line).Append('\n');
        }

        text.Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>OpenAI's <c>usage</c> object (<c>prompt_tokens</c>, <c>completion_tokens</c>, <c>total_tokens</c>), if present.</summary>
    public static TokenUsage? OpenAIUsage(JsonNode? json)
    {
        if (json?["usage"] is not JsonObject usage)
        {
            return null;
        }

        var prompt = Number(usage["prompt_tokens"]);
        var completion = Number(usage["completion_tokens"]);
        var total = Number(usage["total_tokens"]);
        return prompt is null && completion is null && total is null
            ? null
            : new TokenUsage(prompt ?? 0, completion ?? 0, total ?? (prompt ?? 0) + (completion ?? 0));
    }

    /// <summary>OpenAI's chunk text: <c>choices[0].delta.content</c>.</summary>
    public static string? OpenAIDelta(JsonNode json) =>
        json["choices"] is JsonArray { Count: > 0 } choices
        && choices[0]?["delta"]?["content"] is JsonValue value
        && value.TryGetValue<string>(out var text)
            ? text
            : null;

    private static long? Number(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => (long)d,
        JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>Disposes the response when the stream ends or is disposed.</summary>
    private sealed class ResponseOwner(HttpResponseMessage response) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
