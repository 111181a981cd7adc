using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Connectors.Internal;

/// <summary>The proxy of <see cref="ConnectorsOptions.ProxyUrl"/>, with its bypass and only-hosts lists.</summary>
/// <remarks>
/// An <c>https</c> proxy is given to <see cref="SocketsHttpHandler"/> as <c>http</c> on the same host and port, and
/// <see cref="CreateConnectCallback"/> wraps the connections to it in TLS checked with the proxy's own verification mode.
/// </remarks>
internal sealed class ConnectorsWebProxy : IWebProxy
{
    private readonly Uri proxy;
    private readonly Uri transport;
    private readonly HashSet<string>? bypass;
    private readonly HashSet<string>? only;

    public ConnectorsWebProxy(Uri proxy, IEnumerable<string>? bypassHosts, IEnumerable<string>? onlyHosts)
    {
        this.proxy = proxy;
        IsHttps = proxy.Scheme == Uri.UriSchemeHttps;
        transport = IsHttps ? new UriBuilder(proxy) { Scheme = Uri.UriSchemeHttp, Port = proxy.Port }.Uri : proxy;
        bypass = bypassHosts is null ? null : new(bypassHosts, StringComparer.OrdinalIgnoreCase);
        only = bypass is null && onlyHosts is not null ? new(onlyHosts, StringComparer.OrdinalIgnoreCase) : null;
        if (proxy.UserInfo.Length > 0)
        {
            var parts = Uri.UnescapeDataString(proxy.UserInfo).Split(':', 2);
            Credentials = new NetworkCredential(parts[0], parts.Length > 1 ? parts[1] : string.Empty);
        }
    }

    public ICredentials? Credentials { get; set; }

    /// <summary>The proxy's URL as configured.</summary>
    public Uri Address => proxy;

    /// <summary>Whether the proxy is reached over TLS (an <c>https</c> proxy URL).</summary>
    public bool IsHttps { get; }

    public Uri GetProxy(Uri destination) => transport;

    public bool IsBypassed(Uri host) =>
        (bypass is not null && bypass.Contains(host.IdnHost)) || (only is not null && !only.Contains(host.IdnHost));

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/> that connects as the handler would, and, when the connection is
    /// the one to the proxy (a <c>CONNECT</c> tunnel, or a plain-HTTP request that is not bypassed), makes it TLS with
    /// the proxy's host name, checked with <paramref name="proxyMode"/> (and no custom CAs, as Kibana's proxy agent).
    /// </summary>
    public Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> CreateConnectCallback(TlsVerificationMode proxyMode)
    {
        var host = proxy.IdnHost;
        var port = proxy.Port;
        return async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                var stream = new NetworkStream(socket, ownsSocket: true);
                if (!IsToProxy(context, host, port))
                {
                    return stream;
                }

                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                try
                {
                    await tls.AuthenticateAsClientAsync(
                        new SslClientAuthenticationOptions
                        {
                            TargetHost = host,
                            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                                TlsValidator.Validate(certificate, chain, errors, proxyMode, null),
                        },
                        cancellationToken).ConfigureAwait(false);
                    return tls;
                }
                catch
                {
                    await tls.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
    }

    private bool IsToProxy(SocketsHttpConnectionContext context, string host, int port) =>
        context.DnsEndPoint.Port == port
        && string.Equals(context.DnsEndPoint.Host, host, StringComparison.OrdinalIgnoreCase)
        && (context.InitialRequestMessage.Method == HttpMethod.Connect
            || (context.InitialRequestMessage.RequestUri is { IsAbsoluteUri: true } target && !IsBypassed(target)));
}
