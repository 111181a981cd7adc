using System.Collections.Concurrent;

namespace Connectors.Internal;

/// <summary>
/// The primary handler of a connector client: sends each request through a <see cref="SocketsHttpHandler"/> built for
/// its target's <see cref="ConnectorsOptions.CustomHostSettings"/> entry (or the default one when none matches).
/// A TLS validation callback cannot tell which URL it is validating (its sender is the <c>SslStream</c>, not the
/// request), so the host's settings are bound into the handler itself.
/// </summary>
internal sealed class CustomHostRoutingHandler(
    CustomHostSettingsRegistry hosts, Func<ResolvedHostSettings?, SocketsHttpHandler> createHandler) : HttpMessageHandler
{
    private readonly Lazy<HttpMessageInvoker> fallback = new(() => new HttpMessageInvoker(createHandler(null)));
    private readonly ConcurrentDictionary<ResolvedHostSettings, Lazy<HttpMessageInvoker>> byHost = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Select(request).SendAsync(request, cancellationToken);

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Select(request).Send(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (fallback.IsValueCreated)
            {
                fallback.Value.Dispose();
            }

            foreach (var invoker in byHost.Values.Where(i => i.IsValueCreated))
            {
                invoker.Value.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private HttpMessageInvoker Select(HttpRequestMessage request)
    {
        if (request.RequestUri is not { } target || hosts.Find(target) is not { } host)
        {
            return fallback.Value;
        }

        return byHost.GetOrAdd(host, h => new Lazy<HttpMessageInvoker>(() => new HttpMessageInvoker(createHandler(h)))).Value;
    }
}
