using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Internal;

namespace Connectors.ConnectorTypes.Common;

/// <summary>
/// The HTTP pieces Kibana's stack connectors share: the user-error status list
/// (<c>create_and_throw_user_error.ts</c>), <c>Retry-After</c> as Kibana reads it
/// (<c>http_response_retry_header.ts</c>: <c>parseInt</c> seconds, no HTTP-date), ISO times as
/// <c>Date.toISOString()</c> writes them, and the mapping of the HTTP chain's failures.
/// </summary>
internal static class HttpResults
{
    /// <summary>Statuses Kibana classifies as the user's error (§0.6).</summary>
    public static IReadOnlySet<int> UserErrorStatuses { get; } =
        new HashSet<int> { 401, 402, 403, 407, 409, 412, 413, 417, 422, 423, 429, 451 };

    /// <summary>Whether Kibana classifies this status as the user's error.</summary>
    public static bool IsUserErrorStatus(int status) => UserErrorStatuses.Contains(status);

    /// <summary><c>parseInt(retry-after, 10)</c>; <see langword="null"/> when missing or not a number.</summary>
    public static long? RetryAfterSeconds(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.Headers.TryGetValues("Retry-After", out var values))
        {
            return null;
        }

        var text = (values.FirstOrDefault() ?? string.Empty).AsSpan().TrimStart();
        var length = 0;
        if (length < text.Length && text[length] is '+' or '-')
        {
            length++;
        }

        var digitsStart = length;
        while (length < text.Length && char.IsAsciiDigit(text[length]))
        {
            length++;
        }

        return length > digitsStart && long.TryParse(text[..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;
    }

    /// <summary>The time <c>Retry-After</c> asks to retry at (now + seconds), or <see langword="null"/>.</summary>
    public static DateTimeOffset? RetryAt(HttpResponseMessage response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return RetryAfterSeconds(response) is { } seconds ? timeProvider.GetUtcNow().AddSeconds(seconds) : null;
    }

    /// <summary>JavaScript's <c>Date.prototype.toISOString()</c>.</summary>
    public static string ToIsoString(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The status line as axios exposes it: <c>&lt;status&gt; &lt;statusText&gt;</c>.</summary>
    public static string StatusLine(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.ReasonPhrase}";

    /// <summary>Who caused a failure of the HTTP chain: a refused host is the user's; the rest the framework's.</summary>
    public static ErrorSource SourceOf(HttpRequestException exception) =>
        exception is HostNotAllowedException ? ErrorSource.User : ErrorSource.Framework;

    /// <summary>Whether a failure of the HTTP chain is worth retrying (not a refused host, an oversized body or a redirect loop).</summary>
    public static bool IsTransient(HttpRequestException exception) =>
        exception is not (HostNotAllowedException or ResponseTooLargeException or TooManyRedirectsException);

    /// <summary>The error text axios would give for a failure without a response (<c>err.message</c>).</summary>
    public static string MessageOf(HttpRequestException exception) => exception switch
    {
        ResponseTimeoutException or ResponseTooLargeException or HostNotAllowedException or TooManyRedirectsException => exception.Message,
        _ when exception.InnerException is SocketException socket => socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused when Endpoint(exception.Message) is { } endpoint => $"connect ECONNREFUSED {endpoint}",
            SocketError.HostNotFound or SocketError.NoData when Endpoint(exception.Message) is { } endpoint =>
                $"getaddrinfo ENOTFOUND {HostOf(endpoint)}",
            SocketError.ConnectionReset => "socket hang up",
            _ => exception.Message,
        },
        _ => exception.Message,
    };

    /// <summary>The <c>error.code</c> axios would give for a failure without a response, if any.</summary>
    public static string? ErrorCode(HttpRequestException exception) => exception switch
    {
        ResponseTimeoutException => "ECONNABORTED",
        ResponseTooLargeException => "ERR_BAD_RESPONSE",
        HostNotAllowedException or TooManyRedirectsException => null,
        _ when exception.InnerException is SocketException socket => socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "ECONNREFUSED",
            SocketError.HostNotFound or SocketError.NoData => "ENOTFOUND",
            SocketError.TimedOut => "ETIMEDOUT",
            SocketError.ConnectionReset => "ECONNRESET",
            _ => socket.SocketErrorCode.ToString(),
        },
        _ => exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "ENOTFOUND",
            HttpRequestError.ConnectionError => "ECONNREFUSED",
            HttpRequestError.SecureConnectionError => "ERR_TLS",
            _ => null,
        },
    };

    /// <summary>An <c>Authorization: Basic</c> value as axios builds it from <c>auth</c> (UTF-8 <c>user:password</c>).</summary>
    public static string BasicAuthorization(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    /// <summary>The <c>host:port</c> .NET appends to a connect failure (<c>Connection refused (127.0.0.1:9)</c>).</summary>
    private static string? Endpoint(string message)
    {
        var open = message.LastIndexOf('(');
        return open >= 0 && message.EndsWith(')') ? message[(open + 1)..^1] : null;
    }

    private static string HostOf(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return colon > 0 && !endpoint.EndsWith(']') ? endpoint[..colon] : endpoint;
    }

    /// <summary>Reads the body as text (the chain bounds its size).</summary>
    public static Task<string> ReadTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>
    /// <see cref="ReadTextAsync(HttpResponseMessage, CancellationToken)"/> for a body usually known in advance (Slack's
    /// <c>ok</c>): when the body is UTF-8 by its <c>Content-Type</c> and is exactly <paramref name="expectedUtf8"/>, the
    /// answer is <paramref name="expected"/> itself, without decoding the body or parsing its <c>Content-Type</c>; any
    /// other body is read as text.
    /// </summary>
    public static async ValueTask<string> ReadTextAsync(
        HttpResponseMessage response, byte[] expectedUtf8, string expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (IsUtf8(response.Content))
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (body.AsSpan().SequenceEqual(expectedUtf8))
            {
                return expected;
            }
        }

        return await ReadTextAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The body as axios would hand it over: parsed JSON when it parses, otherwise the text (a JSON string);
    /// <see langword="null"/> when empty.
    /// </summary>
    public static JsonNode? ParseBody(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    /// <summary>
    /// <see cref="ParseBody"/> of the body read as text (<see cref="ReadTextAsync(HttpResponseMessage, CancellationToken)"/>), with the same result: a body that
    /// is UTF-8 by its <c>Content-Type</c> (no charset, or utf-8) is parsed from its bytes, without decoding it to a
    /// string first; anything that does not parse that way (a byte order mark, invalid UTF-8, not JSON) is read as text
    /// and handled as <see cref="ParseBody"/> handles it.
    /// </summary>
    public static ValueTask<JsonNode?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!IsUtf8(response.Content))
        {
            return ReadTextBodyAsync(response, cancellationToken);
        }

        var reading = response.Content.ReadAsByteArrayAsync(cancellationToken);
        return reading.IsCompletedSuccessfully
            ? ParseBytesAsync(reading.Result, response, cancellationToken)
            : ReadBytesBodyAsync(reading, response, cancellationToken);
    }

    private static async ValueTask<JsonNode?> ReadBytesBodyAsync(Task<byte[]> reading, HttpResponseMessage response, CancellationToken cancellationToken) =>
        await ParseBytesAsync(await reading.ConfigureAwait(false), response, cancellationToken).ConfigureAwait(false);

    /// <summary>A UTF-8 body parsed from its bytes, or, when that fails, read again as text.</summary>
    private static ValueTask<JsonNode?> ParseBytesAsync(byte[] body, HttpResponseMessage response, CancellationToken cancellationToken) =>
        TryParseUtf8(body, out var node) ? ValueTask.FromResult(node) : ReadTextBodyAsync(response, cancellationToken);

    private static async ValueTask<JsonNode?> ReadTextBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        ParseBody(await ReadTextAsync(response, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// A success carrying the body as <see cref="ReadBodyAsync"/> reads it; a UTF-8 JSON object or array (the usual answer)
    /// is kept as received and parsed when the result's <see cref="ConnectorResult.Data"/> is first read.
    /// </summary>
    public static ValueTask<ConnectorResult> OkWithBodyAsync(string connectorId, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (IsUtf8(response.Content))
        {
            var reading = response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (reading.IsCompletedSuccessfully && DeferredJson.Accepts(reading.Result))
            {
                return ValueTask.FromResult(ConnectorResult.Ok(connectorId, new DeferredJson(reading.Result)));
            }

            return OkWhenReadAsync(connectorId, reading, response, cancellationToken);
        }

        return OkWhenParsedAsync(connectorId, ReadTextBodyAsync(response, cancellationToken));
    }

    private static async ValueTask<ConnectorResult> OkWhenReadAsync(string connectorId, Task<byte[]> reading, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await reading.ConfigureAwait(false);
        if (DeferredJson.Accepts(body))
        {
            return ConnectorResult.Ok(connectorId, new DeferredJson(body));
        }

        return ConnectorResult.Ok(connectorId, await ParseBytesAsync(body, response, cancellationToken).ConfigureAwait(false));
    }

    private static async ValueTask<ConnectorResult> OkWhenParsedAsync(string connectorId, ValueTask<JsonNode?> parsing) =>
        ConnectorResult.Ok(connectorId, await parsing.ConfigureAwait(false));

    /// <summary>An empty body is <see langword="null"/>; JSON parses; anything else is left to the text path.</summary>
    internal static bool TryParseUtf8(byte[] body, out JsonNode? node)
    {
        node = null;
        if (body.Length == 0)
        {
            return true;
        }

        try
        {
            node = JsonNode.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether the content's <c>Content-Type</c> (read as sent, not parsed) names no charset or UTF-8.</summary>
    internal static bool IsUtf8(HttpContent content)
    {
        if (!content.Headers.NonValidated.TryGetValues("Content-Type", out var values))
        {
            return true;
        }

        foreach (var value in values)
        {
            var at = value.IndexOf("charset", StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                continue;
            }

            var rest = value.AsSpan(at + "charset".Length).TrimStart();
            if (rest.IsEmpty || rest[0] != '=')
            {
                return false;
            }

            var charset = rest[1..];
            var end = charset.IndexOf(';');
            charset = (end < 0 ? charset : charset[..end]).Trim().Trim('"');
            // Only the name the text path reads as UTF-8 ("utf8", for one, it refuses).
            if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A UTF-8 JSON request body with <paramref name="contentType"/> exactly as given.</summary>
    public static ByteArrayContent JsonContent(JsonNode body, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(body);
        return JsonContent(JsonBytes.Of(body, JsonOptions), contentType);
    }

    /// <summary>JSON already written (e.g. by <see cref="JsonBytes.Write{TState}"/>), with its content type.</summary>
    public static ByteArrayContent JsonContent(byte[] utf8Json, string contentType = "application/json")
    {
        var content = new ByteArrayContent(utf8Json);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    /// <summary>JSON as <c>JSON.stringify</c> writes it: compact, only the characters JSON requires escaped.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };
}

/// <summary>URL helpers for secret-bearing URLs (a Slack or Teams webhook carries its secret in the path).</summary>
internal static class SecretUrls
{
    /// <summary>
    /// Kibana's allowlist message for a secret-bearing URL, naming only its origin (scheme, host, port): Kibana
    /// quotes the whole URL, which would put the webhook's secret path in a message.
    /// </summary>
    public static string NotAllowedMessage(string url) =>
        ConnectorPolicy.UriNotAllowedMessage(Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "[redacted]");
}
