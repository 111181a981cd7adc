namespace Connectors.Internal;

internal sealed partial class ConnectorRegistry
{
    public Task<ConnectorResult> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            // No extra async frame when the store answers synchronously (the in-memory store always does).
            var resolving = ResolveAsync(request.ConnectorId, request.SpaceId, cancellationToken);
            return resolving.IsCompletedSuccessfully
                ? Run(resolving.Result, request, cancellationToken)
                : ResolveThenRunAsync(resolving, request, cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException<ConnectorResult>(ex);
        }
    }

    private async Task<ConnectorResult> ResolveThenRunAsync(
        ValueTask<ResolvedConnector> resolving,
        ExecuteRequest request,
        CancellationToken cancellationToken) =>
        await Run(await resolving.ConfigureAwait(false), request, cancellationToken).ConfigureAwait(false);

    private Task<ConnectorResult> Run(
        ResolvedConnector resolved,
        ExecuteRequest request,
        CancellationToken cancellationToken)
    {
        var connector = resolved.Connector;
        var executor = types.Get(connector.ConnectorTypeId);
        var type = executor.Definition;
        try
        {
            // A preconfigured connector bypasses the enabled-types list, never the license (Kibana's isActionExecutable).
            licenseGate.EnsureEnabled(type, bypassConfig: connector.IsPreconfigured);
        }
        catch (ConnectorForbiddenException ex)
        {
            RecordRefusal("execute", connector.Id, type.Id, request.SpaceId, ex);
            return Task.FromException<ConnectorResult>(ex);
        }

        return pipeline.ExecuteAsync(executor, resolved, request, cancellationToken);
    }
}
