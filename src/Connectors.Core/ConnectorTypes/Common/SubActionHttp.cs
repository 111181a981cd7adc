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
    /// <param name="statusErrorMessage">When set, replaces <paramref name="errorMessage"/> with one that also sees the response (status text).</param>
    public static async Task<JsonNode?> SendAsync(
        ConnectorExecutionContext context,
        HttpMethod method,
        string url,
        JsonNode? body,
        IEnumerable<KeyValuePair<string, string>> headers,
        Func<JsonNode?, string, string> errorMessage,
        Func<JsonNode?, string?>? validateResponse,
        CancellationToken cancellationToken,
        Func<HttpResponseMessage, JsonNode?, string>? statusErrorMessage = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(errorMessage);
        AssertUrl(url);
        if (!context.Policy.IsUriAllowed(url))
        {
            throw new SubActionException($"error configuring connector action: {ConnectorPolicy.UriNotAllowedMessage(url)}", ErrorSource.User);
        }

        using var request = new HttpRequestMessage(method, NormalizeUrl(url));
        var payload = body is null || body is JsonObject { Count: 0 } || body is JsonArray { Count: 0 } ? new JsonObject() : body;
        if (method != HttpMethod.Get)
        {
            request.Content = HttpResults.JsonContent(payload);
        }

        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content?.Headers.Remove(name);
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await context.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false);
        var data = HttpResults.ParseBody(text);
        var status = (int)response.StatusCode;
        if (status is < 200 or >= 300)
        {
            throw new SubActionException(
                $"Status code: {status}. Message: {statusErrorMessage?.Invoke(response, data) ?? errorMessage(data, $"Request failed with status code {status}")}",
                HttpResults.IsUserErrorStatus(status) ? ErrorSource.User : ErrorSource.Framework);
        }

        if (validateResponse?.Invoke(data) is { } failure)
        {
            throw new SubActionException($"Response validation failed ({failure})");
        }

        return data;
    }

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
