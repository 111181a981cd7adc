namespace Connectors.Internal;

/// <summary>
/// Adds <see cref="ConnectorsOptions.ProxyHeaders"/> to plain-HTTP requests that go through the proxy (the proxy reads
/// them; Kibana's <c>HttpProxyAgent</c> does the same). They are removed again once sent, so that a redirect hop or a
/// bypassed host never sees them. HTTPS targets get them on the tunnel's <c>CONNECT</c> instead
/// (<see cref="ConnectorsWebProxy.CreateConnectCallback"/>).
/// </summary>
internal sealed class ProxyHeadersHandler(ConnectorsWebProxy proxy, IReadOnlyList<KeyValuePair<string, string>> headers) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true, Scheme: "http" } target || proxy.Bypasses(target))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var added = new List<string>(headers.Count);
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.Contains(name) && request.Headers.TryAddWithoutValidation(name, value))
            {
                added.Add(name);
            }
        }

        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var name in added)
            {
                request.Headers.Remove(name);
            }
        }
    }
}
