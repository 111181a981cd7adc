using Connectors;
using Connectors.AspNetCore.Internal;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Kibana's public actions API.</summary>
public static class ConnectorsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps Kibana's public connector routes over <see cref="IConnectorRegistry"/>, under <c>/api/actions</c> and under
    /// <c>/s/{spaceId}/api/actions</c>: <c>POST connector/{id?}</c>, <c>PUT</c>/<c>GET</c>/<c>DELETE connector/{id}</c>,
    /// <c>GET connectors</c>, <c>GET connector_types?feature_id=</c> and <c>POST connector/{id}/_execute</c>, with
    /// Kibana's snake_case shapes, status codes and error texts. POST, PUT and DELETE need a <c>kbn-xsrf</c> header.
    /// Call <c>AddConnectors()</c> first, and <c>UseAuthentication()</c> when <see cref="ConnectorsApiOptions.RequireAuthentication"/>.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder (the web application).</param>
    /// <param name="configure">Configures authentication and authorization of the API.</param>
    /// <returns>A builder for conventions (for example CORS or rate limiting) on every route of the API.</returns>
    public static IEndpointConventionBuilder MapConnectorsApi(this IEndpointRouteBuilder endpoints, Action<ConnectorsApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = new ConnectorsApiOptions();
        configure?.Invoke(options);
        var api = new ConnectorsApi(options);
        var root = endpoints.MapGroup(string.Empty);
        api.Map(root.MapGroup("/api/actions"));
        api.Map(root.MapGroup("/s/{spaceId}/api/actions"));
        return root;
    }
}
