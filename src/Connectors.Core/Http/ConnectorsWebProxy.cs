using System.Net;

namespace Connectors.Internal;

/// <summary>The proxy of <see cref="ConnectorsOptions.ProxyUrl"/>, with its bypass and only-hosts lists.</summary>
internal sealed class ConnectorsWebProxy : IWebProxy
{
    private readonly Uri proxy;
    private readonly HashSet<string>? bypass;
    private readonly HashSet<string>? only;

    public ConnectorsWebProxy(Uri proxy, IEnumerable<string>? bypassHosts, IEnumerable<string>? onlyHosts)
    {
        this.proxy = proxy;
        bypass = bypassHosts is null ? null : new(bypassHosts, StringComparer.OrdinalIgnoreCase);
        only = bypass is null && onlyHosts is not null ? new(onlyHosts, StringComparer.OrdinalIgnoreCase) : null;
        if (proxy.UserInfo.Length > 0)
        {
            var parts = Uri.UnescapeDataString(proxy.UserInfo).Split(':', 2);
            Credentials = new NetworkCredential(parts[0], parts.Length > 1 ? parts[1] : string.Empty);
        }
    }

    public ICredentials? Credentials { get; set; }

    public Uri GetProxy(Uri destination) => proxy;

    public bool IsBypassed(Uri host) =>
        (bypass is not null && bypass.Contains(host.IdnHost)) || (only is not null && !only.Contains(host.IdnHost));
}
