using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Connectors.ConnectorTypes.Common;

/// <summary>
/// <c>SubActionConnector.request()</c>: check the URL (hostname, http/https) and the allowed hosts, normalise it,
/// send JSON (an empty body as <c>{}</c>), validate the response, and on a non-2xx response throw
/// <c>Status code: &lt;status&gt;. Message: &lt;connector's text&gt;</c>.
/// </summary>
internal static partial class SubActionHttp
{
    /// <summary>Sends one request; returns the parsed response body (<see langword="null"/> when empty).</summary>
    /// <param name="context">The execution context (client, policy).</param>
    /// <param name="method">The method.</param>
    /// <param name="url">The absolute URL.</param>
    /// <param name="body">The JSON body; <see langword="null"/> or empty is sent as <c>{}</c>.</param>
    /// <param name="headers">Headers after <c>Content-Type: application/json</c>.</param>
    /// <param name="errorMessage">The connector's <c>getResponseErrorMessage</c>: the response body and axios's own message.</param>
    /// <param name="validateResponse">The response schema: returns a failure text, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token.</param>
    /// <param name="statusErrorMessage">When set, replaces <paramref name="errorMessage"/> with one that also sees the status and its text.</param>
    public static Task<JsonNode?> SendAsync(
        ConnectorExecutionContext context,
        HttpMethod method,
        string url,
        JsonNode? body,
        IEnumerable<KeyValuePair<string, string>> headers,
        Func<JsonNode?, string, string> errorMessage,
        Func<JsonNode?, string?>? validateResponse,
        CancellationToken cancellationToken,
        Func<SubActionHttpFailure, string>? statusErrorMessage = null)
    {
        ArgumentNullException.ThrowIfNull(errorMessage);
        var payload = body is null || body is JsonObject { Count: 0 } || body is JsonArray { Count: 0 } ? new JsonObject() : body;
        return SendAsync(
            context,
            new SubActionRequest(method, url, payload.ToJsonString(HttpResults.JsonOptions), headers),
            failure => statusErrorMessage?.Invoke(failure) ?? errorMessage(failure.Data, failure.AxiosMessage),
            validateResponse,
            cancellationToken);
    }

    /// <summary>
    /// Sends one request whose body is already JSON text (a string param sent as is, as axios sends a string
    /// <c>data</c>); returns the parsed response body (<see langword="null"/> when empty).
    /// </summary>
    /// <param name="context">The execution context (client, policy).</param>
    /// <param name="request">The method, URL, body text and headers.</param>
    /// <param name="errorMessage">The connector's <c>getResponseErrorMessage</c> for a non-2xx response.</param>
    /// <param name="validateResponse">The response schema: returns a failure text, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token.</param>
    /// <param name="errorSourceOf">Who caused a non-2xx status; Kibana's user-error statuses when absent.</param>
    public static async Task<JsonNode?> SendAsync(
        ConnectorExecutionContext context,
        SubActionRequest request,
        Func<SubActionHttpFailure, string> errorMessage,
        Func<JsonNode?, string?>? validateResponse,
        CancellationToken cancellationToken,
        Func<int, ErrorSource>? errorSourceOf = null)
    {
        using var response = await SendCoreAsync(context, request, errorMessage, cancellationToken, errorSourceOf).ConfigureAwait(false);
        var data = HttpResults.ParseBody(await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false));
        if (validateResponse?.Invoke(data) is { } invalid)
        {
            throw new SubActionException($"Response validation failed ({invalid})");
        }

        return data;
    }

    /// <summary>
    /// Sends one request and returns the response body as bytes (axios's <c>responseType: 'stream'</c>), with its
    /// content type; a non-2xx response fails as <see cref="SendAsync(ConnectorExecutionContext, SubActionRequest, Func{SubActionHttpFailure, string}, Func{JsonNode?, string?}?, CancellationToken, Func{int, ErrorSource}?)"/> does.
    /// </summary>
    /// <param name="context">The execution context (client, policy).</param>
    /// <param name="request">The method, URL, body text and headers.</param>
    /// <param name="errorMessage">The connector's <c>getResponseErrorMessage</c> for a non-2xx response.</param>
    /// <param name="cancellationToken">The token.</param>
    public static async Task<SubActionDownload> DownloadAsync(
        ConnectorExecutionContext context,
        SubActionRequest request,
        Func<SubActionHttpFailure, string> errorMessage,
        CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(context, request, errorMessage, cancellationToken, null).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new SubActionDownload(bytes, response.Content.Headers.ContentType?.ToString());
    }

    private static async Task<HttpResponseMessage> SendCoreAsync(
        ConnectorExecutionContext context,
        SubActionRequest request,
        Func<SubActionHttpFailure, string> errorMessage,
        CancellationToken cancellationToken,
        Func<int, ErrorSource>? errorSourceOf)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errorMessage);
        var url = request.Url;
        AssertUrl(url);
        if (!context.Policy.IsUriAllowed(url))
        {
            var notAllowed = request.UrlCarriesSecret ? SecretUrls.NotAllowedMessage(url) : ConnectorPolicy.UriNotAllowedMessage(url);
            throw new SubActionException($"error configuring connector action: {notAllowed}", ErrorSource.User);
        }

        using var message = new HttpRequestMessage(request.Method, NormalizeUrl(url));
        if (request.Method != HttpMethod.Get)
        {
            var body = request.RawBody || request.Body.Length > 0 ? request.Body : "{}";
            var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            message.Content = content;
        }

        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content?.Headers.Remove(name);
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        HttpResponseMessage sent;
        try
        {
            sent = await context.HttpClient.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (request.DescribeTransportErrors)
        {
            // An axios error without a response: Kibana still rewrites its message, with an undefined status.
            throw new SubActionException(
                $"Status code: undefined. Message: {errorMessage(new SubActionHttpFailure(0, string.Empty, null, HttpResults.MessageOf(ex)))}",
                HttpResults.SourceOf(ex));
        }

        var status = (int)sent.StatusCode;
        if (status is >= 200 and < 300)
        {
            return sent;
        }

        using var response = sent;
        var data = HttpResults.ParseBody(await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false));
        var failure = new SubActionHttpFailure(status, response.ReasonPhrase ?? string.Empty, data, $"Request failed with status code {status}")
        {
            Method = request.Method.Method.ToLowerInvariant(),
            Url = url,
        };
        throw new SubActionException(
            $"Status code: {status}. Message: {errorMessage(failure)}",
            errorSourceOf?.Invoke(status) ?? (HttpResults.IsUserErrorStatus(status) ? ErrorSource.User : ErrorSource.Framework))
        {
            Status = status,
            Body = data,
            RetryAt = status == 429 && request.HonorRetryAfter ? HttpResults.RetryAt(response, context.TimeProvider) : null,
        };
    }

    /// <summary>config-schema's name for a value's kind in validation errors.</summary>
    public static string Kind(JsonNode? node) => node switch
    {
        null => "undefined",
        JsonObject => "Object",
        JsonArray => "Array",
        _ => node.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.Number => "number",
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
            _ => "null",
        },
    };

    /// <summary><c>assertURL</c>: a parseable URL with a hostname and the http or https protocol.</summary>
    public static void AssertUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new SubActionException("URL Error: Invalid URL", ErrorSource.User);
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            throw new SubActionException("URL Error: URL must contain hostname", ErrorSource.User);
        }

        if (uri.Scheme is not ("http" or "https"))
        {
            throw new SubActionException("URL Error: Invalid protocol", ErrorSource.User);
        }
    }

    /// <summary><c>normalizeURL</c>: no trailing <c>/</c>, and runs of <c>/</c> not after <c>:</c> collapsed.</summary>
    public static string NormalizeUrl(string url)
    {
        var trimmed = url.EndsWith('/') ? url[..^1] : url;
        return DoubleSlashes().Replace(trimmed, "$1");
    }

    [GeneratedRegex("([^:]/)/+")]
    private static partial Regex DoubleSlashes();
}

/// <summary>One request of a sub-action: method, URL, JSON body text (empty is sent as <c>{}</c>) and headers.</summary>
internal sealed record SubActionRequest(HttpMethod Method, string Url, string Body, IEnumerable<KeyValuePair<string, string>> Headers)
{
    /// <summary>Whether the URL carries a secret (a Tines webhook's path): messages then name only its origin.</summary>
    public bool UrlCarriesSecret { get; init; }

    /// <summary>
    /// Whether a failure without a response (timeout, refused connection) is reported as Kibana's sub-action framework
    /// does (<c>Status code: undefined. Message: &lt;connector's text&gt;</c>) rather than as the transport's own text.
    /// </summary>
    public bool DescribeTransportErrors { get; init; }

    /// <summary>Whether <see cref="Body"/> is sent exactly as given, even empty (a form body), rather than <c>{}</c> when empty.</summary>
    public bool RawBody { get; init; }

    /// <summary>
    /// Whether a 429's <c>Retry-After</c> is carried to the result as the time to retry at. Kibana's sub-action
    /// framework ignores it (plain <c>retry: true</c>); the endpoint-security connectors opt in.
    /// </summary>
    public bool HonorRetryAfter { get; init; }
}

/// <summary>A downloaded body (axios's <c>responseType: 'stream'</c>, read to the end) and its content type.</summary>
internal sealed record SubActionDownload(byte[] Bytes, string? ContentType);

/// <summary>A non-2xx response as <c>getResponseErrorMessage</c> sees it (axios's <c>error.response</c> and <c>error.message</c>).</summary>
internal sealed record SubActionHttpFailure(int Status, string StatusText, JsonNode? Data, string AxiosMessage)
{
    /// <summary>The request's method in lower case, as axios keeps it in <c>error.response.config.method</c>.</summary>
    public string Method { get; init; } = string.Empty;

    /// <summary>The URL as the connector gave it (<c>error.response.config.url</c>).</summary>
    public string Url { get; init; } = string.Empty;
}
