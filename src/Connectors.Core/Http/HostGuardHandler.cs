using Microsoft.Extensions.Logging;

namespace Connectors.Internal;

/// <summary>
/// Refuses every request (and so every redirect hop) whose host the allowed-hosts policy does not allow, or whose
/// scheme is not http or https.
/// </summary>
internal sealed class HostGuardHandler(ConnectorPolicy policy, ILogger logger) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri || !policy.IsHostnameAllowed(uri.IdnHost))
        {
            var host = uri is { IsAbsoluteUri: true } ? uri.IdnHost : string.Empty;
            Log.HostRefused(logger, uri is { IsAbsoluteUri: true } ? uri.Scheme : string.Empty, host);
            throw new HostNotAllowedException(ConnectorPolicy.HostnameNotAllowedMessage(host));
        }

        if (uri.Scheme is not ("http" or "https"))
        {
            throw new UnsupportedProtocolException(uri.Scheme);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
