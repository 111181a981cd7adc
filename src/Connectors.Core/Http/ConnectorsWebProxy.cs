using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Connectors.Internal;

/// <summary>The proxy of <see cref="ConnectorsOptions.ProxyUrl"/>, with its bypass and only-hosts lists.</summary>
/// <remarks>
/// An <c>https</c> proxy is given to <see cref="SocketsHttpHandler"/> as <c>http</c> on the same host and port, and
/// <see cref="CreateConnectCallback"/> wraps the connections to it in TLS checked with the proxy's own verification mode.
/// With <see cref="ConnectorsOptions.ProxyHeaders"/>, HTTPS targets are tunnelled by <see cref="CreateConnectCallback"/>
/// itself (the handler sees them as direct), because the handler's own <c>CONNECT</c> request cannot carry them.
/// </remarks>
internal sealed class ConnectorsWebProxy : IWebProxy
{
    private readonly Uri proxy;
    private readonly Uri transport;
    private readonly HashSet<string>? bypass;
    private readonly HashSet<string>? only;
    private readonly IReadOnlyList<KeyValuePair<string, string>> tunnelHeaders;

    public ConnectorsWebProxy(
        Uri proxy, IEnumerable<string>? bypassHosts, IEnumerable<string>? onlyHosts, IReadOnlyList<KeyValuePair<string, string>>? proxyHeaders = null)
    {
        this.proxy = proxy;
        tunnelHeaders = proxyHeaders ?? [];
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

    /// <summary>Whether HTTPS targets are tunnelled by the connection callback (to send the proxy headers on <c>CONNECT</c>).</summary>
    public bool TunnelsHttps => tunnelHeaders.Count > 0;

    /// <summary>Whether the connection callback is needed (an https proxy, or tunnels of our own).</summary>
    public bool NeedsConnectCallback => IsHttps || TunnelsHttps;

    public Uri GetProxy(Uri destination) => transport;

    /// <summary>What the handler is told: bypassed by the lists, or an HTTPS target that the connection callback tunnels.</summary>
    public bool IsBypassed(Uri host) => Bypasses(host) || (TunnelsHttps && host.Scheme == Uri.UriSchemeHttps);

    /// <summary>Whether <paramref name="host"/> goes direct by <c>ProxyBypassHosts</c> / <c>ProxyOnlyHosts</c>.</summary>
    public bool Bypasses(Uri host) =>
        (bypass is not null && bypass.Contains(host.IdnHost)) || (only is not null && !only.Contains(host.IdnHost));

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/> that connects as the handler would, except that a connection to
    /// the proxy (the handler's <c>CONNECT</c> tunnel, or a plain-HTTP request that is not bypassed) is made TLS when the
    /// proxy is https, checked with <paramref name="proxyMode"/> (no custom CAs, as Kibana's proxy agent), and that an
    /// HTTPS target this proxy tunnels itself (<see cref="TunnelsHttps"/>) gets a <c>CONNECT</c> of ours carrying the
    /// proxy headers (and <c>Proxy-Authorization</c> from the proxy URL's user info, sent up front as Kibana's agent does).
    /// </summary>
    public Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> CreateConnectCallback(TlsVerificationMode proxyMode)
    {
        var host = proxy.IdnHost;
        var port = proxy.Port;
        var proxyEndPoint = new DnsEndPoint(host, port);
        return async (context, cancellationToken) =>
        {
            var target = context.InitialRequestMessage.RequestUri;
            var tunnel = TunnelsHttps && context.InitialRequestMessage.Method != HttpMethod.Connect
                && target is { IsAbsoluteUri: true, Scheme: "https" } && !Bypasses(target);
            var toProxy = tunnel || IsToProxy(context, host, port);
            var stream = await ConnectAsync(tunnel ? proxyEndPoint : context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            try
            {
                if (toProxy && IsHttps)
                {
                    stream = await AuthenticateProxyAsync(stream, host, proxyMode, cancellationToken).ConfigureAwait(false);
                }

                if (tunnel)
                {
                    await OpenTunnelAsync(stream, context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                }

                return stream;
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        };
    }

    private static async Task<Stream> ConnectAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<Stream> AuthenticateProxyAsync(Stream stream, string host, TlsVerificationMode proxyMode, CancellationToken cancellationToken)
    {
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

    /// <summary>Sends <c>CONNECT host:port</c> with the proxy headers and reads the proxy's answer (a 2xx opens the tunnel).</summary>
    private async Task OpenTunnelAsync(Stream stream, DnsEndPoint target, CancellationToken cancellationToken)
    {
        var authority = target.Host.Contains(':', StringComparison.Ordinal) ? $"[{target.Host}]:{target.Port}" : $"{target.Host}:{target.Port}";
        var head = new StringBuilder();
        head.Append("CONNECT ").Append(authority).Append(" HTTP/1.1\r\nHost: ").Append(authority).Append("\r\n");
        if (Credentials?.GetCredential(proxy, "Basic") is { } credential)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.UserName}:{credential.Password}"));
            head.Append("Proxy-Authorization: Basic ").Append(token).Append("\r\n");
        }

        foreach (var (name, value) in tunnelHeaders)
        {
            if (name.AsSpan().IndexOfAny('\r', '\n') >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0 || name.Contains(':', StringComparison.Ordinal))
            {
                throw new HttpRequestException(HttpRequestError.ProxyTunnelError, "A proxy header name or value is not valid.");
            }

            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

        // The proxy sends nothing after its answer until the TLS handshake begins, so reading up to the blank line is safe.
        var buffer = new byte[8192];
        var length = 0;
        int end;
        while ((end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (length == buffer.Length)
            {
                throw new HttpRequestException(HttpRequestError.ProxyTunnelError, $"The proxy tunnel request to proxy '{Redacted()}' failed: its answer is too long.");
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new HttpRequestException(HttpRequestError.ProxyTunnelError, $"The proxy tunnel request to proxy '{Redacted()}' failed: the proxy closed the connection.");
            }

            length += read;
        }

        var statusLine = Encoding.ASCII.GetString(buffer, 0, buffer.AsSpan(0, length).IndexOf("\r\n"u8));
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(parts[1], out var status) || status is < 200 or > 299)
        {
            var code = parts.Length >= 2 ? parts[1] : "?";
            throw new HttpRequestException(HttpRequestError.ProxyTunnelError, $"The proxy tunnel request to proxy '{Redacted()}' failed with status code '{code}'.");
        }

        if (end + 4 != length)
        {
            throw new HttpRequestException(HttpRequestError.ProxyTunnelError, $"The proxy tunnel request to proxy '{Redacted()}' failed: unexpected data after its answer.");
        }
    }

    /// <summary>The proxy URL without its user info.</summary>
    private string Redacted() => proxy.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);

    private bool IsToProxy(SocketsHttpConnectionContext context, string host, int port) =>
        context.DnsEndPoint.Port == port
        && string.Equals(context.DnsEndPoint.Host, host, StringComparison.OrdinalIgnoreCase)
        && (context.InitialRequestMessage.Method == HttpMethod.Connect
            || (context.InitialRequestMessage.RequestUri is { IsAbsoluteUri: true } target && !Bypasses(target)));
}
