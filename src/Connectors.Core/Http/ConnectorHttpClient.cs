namespace Connectors.Internal;

/// <summary>
/// The <see cref="HttpClient"/> that connectors get: the factory's client for the type (same handler, same
/// <c>ConfigureHttpClient</c> actions), whose <see cref="SendAsync(HttpRequestMessage, CancellationToken)"/> hands a
/// plain request straight to the connector chain when that changes nothing.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="HttpClient"/> adds, around its handler, a token source linked to the caller's token (for
/// <see cref="HttpClient.Timeout"/> and <see cref="HttpClient.CancelPendingRequests"/>), the base address and default
/// headers, and the buffering of the body within <see cref="HttpClient.MaxResponseContentBufferSize"/>. The connector
/// chain bounds each hop with its own timeout and buffers every body that is not streamed within
/// <see cref="ConnectorsOptions.MaxResponseContentLength"/>, and connector clients have no timeout of their own; so when
/// the chain's policy handler is the outermost handler (no handler of the host's around it), the request's URI is
/// absolute, no streamed body was asked for, and the client has no default headers, an infinite timeout and the default
/// buffer limit, the request is sent through the chain directly, which saves a token source and an async frame per call.
/// </para>
/// <para>
/// Otherwise (and for the other overloads, which are not virtual) the request goes through <see cref="HttpClient"/> as
/// usual. What the direct path does not do: it does not refuse a request message that was already sent, and
/// <see cref="HttpClient.CancelPendingRequests"/> does not reach it (connectors never call it on their shared client).
/// </para>
/// </remarks>
internal sealed class ConnectorHttpClient : HttpClient
{
    private readonly HttpMessageInvoker? direct;
    private readonly RedirectHandler? policy;

    /// <param name="handler">The client's handler (not disposed with the client: the factory owns it).</param>
    /// <param name="chainIsOutermost">Whether the connector chain's policy handler is the outermost handler of <paramref name="handler"/>.</param>
    public ConnectorHttpClient(HttpMessageHandler handler, bool chainIsOutermost)
        : base(handler, disposeHandler: false)
    {
        if (chainIsOutermost)
        {
            direct = new HttpMessageInvoker(handler, disposeHandler: false);
            policy = PolicyHandlerOf(handler);
        }
    }

    /// <summary>
    /// The chain's policy handler, when a request would take the direct path: a caller may then run its first hop in
    /// its own frame (<see cref="RedirectHandler.Hop"/>), skipping only the factory's lifetime wrappers, which add
    /// nothing to a send.
    /// </summary>
    internal RedirectHandler? InFramePolicy(HttpRequestMessage request) =>
        policy is not null
        && request is { RequestUri.IsAbsoluteUri: true }
        && !ConnectorHttpRequestOptions.IsStreaming(request)
        && SettingsAllowDirect()
            ? policy
            : null;

    /// <summary>Whether plain requests can take the direct path (for tests).</summary>
    internal bool SendsDirectly => direct is not null && SettingsAllowDirect();

    /// <inheritdoc />
    public override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (direct is not null
            && request is { RequestUri.IsAbsoluteUri: true }
            && !ConnectorHttpRequestOptions.IsStreaming(request)
            && SettingsAllowDirect())
        {
            return direct.SendAsync(request, cancellationToken);
        }

        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>Whether this client's settings (which a host or an executor may change) add nothing to the chain's.</summary>
    private bool SettingsAllowDirect() =>
        Timeout == System.Threading.Timeout.InfiniteTimeSpan
        && MaxResponseContentBufferSize == int.MaxValue
        && DefaultRequestHeaders.NonValidated.Count == 0;

    /// <summary>
    /// Whether <paramref name="handler"/>, below the factory's lifetime wrappers, is the connector chain's policy
    /// handler (no handler of the host's runs before it).
    /// </summary>
    internal static bool IsChainOutermost(HttpMessageHandler handler) => PolicyHandlerOf(handler) is not null;

    private static RedirectHandler? PolicyHandlerOf(HttpMessageHandler handler)
    {
        var current = handler;
        while (current is DelegatingHandler wrapper && wrapper is not RedirectHandler
               && wrapper.GetType().Namespace == "Microsoft.Extensions.Http")
        {
            current = wrapper.InnerHandler;
        }

        return current as RedirectHandler;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            direct?.Dispose();
        }

        base.Dispose(disposing);
    }
}
