using System.Net;

namespace Connectors.Internal;

/// <summary>
/// Follows redirects itself (the primary handler never does), so that every hop passes the host guard below it.
/// 303, and 301/302 after a POST, become GET without a body; credentials are dropped when the host changes.
/// </summary>
internal sealed class RedirectHandler(int maxRedirects = 5) : DelegatingHandler
{
    /// <summary>A request option: when <see langword="true"/>, a redirect is returned as the response (axios's <c>maxRedirects: 0</c>).</summary>
    public static readonly HttpRequestOptionsKey<bool> DoNotFollow = new("Connectors.DoNotFollowRedirects");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(DoNotFollow, out var doNotFollow) && doNotFollow)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var current = request;
        for (var hop = 0; ; hop++)
        {
            var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return response;
            }

            if (hop >= maxRedirects)
            {
                response.Dispose();
                throw new TooManyRedirectsException(maxRedirects);
            }

            var target = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
            var next = await CreateNextAsync(current, response.StatusCode, target, cancellationToken).ConfigureAwait(false);
            response.Dispose();
            current = next;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static async Task<HttpRequestMessage> CreateNextAsync(
        HttpRequestMessage previous, HttpStatusCode status, Uri target, CancellationToken cancellationToken)
    {
        var toGet = status == HttpStatusCode.SeeOther
            || (status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && previous.Method == HttpMethod.Post);
        var next = new HttpRequestMessage(toGet ? HttpMethod.Get : previous.Method, target) { Version = previous.Version };
        var sameHost = string.Equals(previous.RequestUri!.IdnHost, target.IdnHost, StringComparison.OrdinalIgnoreCase)
            && previous.RequestUri.Port == target.Port;
        foreach (var header in previous.Headers)
        {
            if (!sameHost && (header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                              || header.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            next.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in previous.Options)
        {
            next.Options.TryAdd(option.Key, option.Value);
        }

        if (!toGet && previous.Content is { } content)
        {
            var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var copy = new ByteArrayContent(bytes);
            foreach (var header in content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            next.Content = copy;
        }

        return next;
    }
}
