using Microsoft.Extensions.Logging;

namespace Connectors.Internal;

/// <summary>Refuses every request (and so every redirect hop) whose host the allowed-hosts policy does not allow.</summary>
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

        return base.SendAsync(request, cancellationToken);
    }
}
