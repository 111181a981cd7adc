using System.Text.Json.Nodes;
using Connectors.Internal;

namespace Connectors.ConnectorTypes.Common;

/// <summary>
/// One call of an LLM sub-action connector (<c>.bedrock</c>, <c>.gemini</c>) as <c>SubActionConnector.request()</c>
/// makes it: URL checked (http/https, hostname, allowed hosts) and normalised, a per-call timeout that can only
/// lengthen the global one, optionally a streamed body, and on failure
/// <c>Status code: &lt;status|undefined&gt;. Message: &lt;connector's getResponseErrorMessage&gt;</c>.
/// </summary>
internal static class LlmHttpCall
{
    /// <summary>Checks <paramref name="url"/> as <c>assertURL</c> and the allow-list do, and returns it normalised.</summary>
    public static Uri Prepare(ConnectorExecutionContext context, string url)
    {
        ArgumentNullException.ThrowIfNull(context);
        SubActionHttp.AssertUrl(url);
        if (!context.Policy.IsUriAllowed(url))
        {
            throw new SubActionException($"error configuring connector action: {ConnectorPolicy.UriNotAllowedMessage(url)}", ErrorSource.User);
        }

        return new Uri(SubActionHttp.NormalizeUrl(url));
    }

    /// <summary>
    /// Sends <paramref name="message"/>. A 2xx response is returned (its body not read when <paramref name="stream"/>);
    /// any other status, or no response at all, throws a <see cref="SubActionException"/> with Kibana's text (for a 429,
    /// with <see cref="SubActionException.RetryAt"/> from its <c>Retry-After</c>).
    /// </summary>
    /// <param name="context">The execution context.</param>
    /// <param name="message">The request, fully built (and signed).</param>
    /// <param name="stream">Whether the body is read as it arrives (the chain does not buffer it).</param>
    /// <param name="timeout">The per-call timeout; only lengthens the global response timeout.</param>
    /// <param name="errorMessage">The type's <c>getResponseErrorMessage</c>.</param>
    /// <param name="failed">Told of every non-2xx response before the throw (to drop a token).</param>
    /// <param name="cancellationToken">The token.</param>
    public static async Task<HttpResponseMessage> SendAsync(
        ConnectorExecutionContext context,
        HttpRequestMessage message,
        bool stream,
        TimeSpan? timeout,
        Func<LlmHttpFailure, string> errorMessage,
        Action<HttpResponseMessage>? failed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(errorMessage);
        if (timeout is { } perCall)
        {
            message.Options.Set(ConnectorHttpRequestOptions.Timeout, perCall);
        }

        if (stream)
        {
            message.Options.Set(ConnectorHttpRequestOptions.StreamResponse, true);
        }

        HttpResponseMessage response;
        try
        {
            response = await context.HttpClient.SendAsync(
                message, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            var failure = new LlmHttpFailure(null, string.Empty, null, HttpResults.ErrorCode(ex), HttpResults.MessageOf(ex));
            throw new SubActionException($"Status code: undefined. Message: {errorMessage(failure)}", HttpResults.SourceOf(ex));
        }

        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return response;
        }

        using (response)
        {
            failed?.Invoke(response);
            var data = HttpResults.ParseBody(await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false));
            var failure = new LlmHttpFailure(status, response.ReasonPhrase ?? string.Empty, data, $"ERR_BAD_{(status < 500 ? "REQUEST" : "RESPONSE")}", $"Request failed with status code {status}");
            throw new SubActionException(
                $"Status code: {status}. Message: {errorMessage(failure)}",
                HttpResults.IsUserErrorStatus(status) ? ErrorSource.User : ErrorSource.Framework)
            {
                RetryAt = status == 429 ? HttpResults.RetryAt(response, context.TimeProvider) : null,
            };
        }
    }

    /// <summary>Reads a non-streamed 2xx response body as axios hands it over (parsed JSON, or the text).</summary>
    public static async Task<JsonNode?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            return HttpResults.ParseBody(await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>A string property of a JSON object, or <see langword="null"/>.</summary>
    public static string? Text(JsonNode? node, string property) =>
        node is JsonObject obj && obj[property] is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    /// <summary>A property as a number (a numeric string coerced, as <c>z.coerce.number()</c> does), or <see langword="null"/>.</summary>
    public static long? Number(JsonNode? node) => Double(node) is { } value ? (long)value : null;

    /// <summary>A property as a number (a numeric string coerced, as <c>z.coerce.number()</c> does), or <see langword="null"/>.</summary>
    public static double? Double(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.Number => value.GetValue<double>(),
            System.Text.Json.JsonValueKind.String when double.TryParse(
                value.GetValue<string>(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}

/// <summary>
/// A failed call as <c>getResponseErrorMessage</c> sees it: the status (<see langword="null"/> when no response came),
/// the status text, the parsed body, axios's <c>error.code</c> and <c>error.message</c>.
/// </summary>
internal sealed record LlmHttpFailure(int? Status, string StatusText, JsonNode? Data, string? Code, string Message)
{
    /// <summary><c>error.response.data.message</c> when it is a non-empty string.</summary>
    public string? DataMessage => LlmHttpCall.Text(Data, "message") is { Length: > 0 } text ? text : null;
}

/// <summary>
/// The LLM types' <c>renderParameterTemplates</c> (<c>.bedrock</c>, <c>.gemini</c>): for <c>run</c> and <c>test</c>
/// only <c>subActionParams.body</c> is rendered, with the JSON escape; other sub-actions are not rendered at all.
/// </summary>
internal static class LlmRender
{
    public static JsonObject RunBody(JsonObject parameters, object variables, Func<string, Connectors.Templating.MustacheEscape, string> render)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(render);
        var subAction = LlmHttpCall.Text(parameters, "subAction");
        if (subAction is not ("run" or "test") || parameters["subActionParams"] is not JsonObject subActionParams
            || LlmHttpCall.Text(subActionParams, "body") is not { } body)
        {
            return parameters;
        }

        var copy = (JsonObject)parameters.DeepClone();
        copy["subActionParams"]!["body"] = render(body, Connectors.Templating.MustacheEscape.Json);
        return copy;
    }
}

/// <summary>Disposes an HTTP response asynchronously (the owner of a <see cref="ConnectorStream"/>).</summary>
internal sealed class ResponseOwner(HttpResponseMessage response) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
