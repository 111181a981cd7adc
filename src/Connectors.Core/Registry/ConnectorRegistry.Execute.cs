namespace Connectors.Internal;

internal sealed partial class ConnectorRegistry
{
    public async Task<ConnectorResult> ExecuteAsync(ExecuteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (connector, config, secrets, key) = await ResolveAsync(request.ConnectorId, request.SpaceId, cancellationToken).ConfigureAwait(false);
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
            throw;
        }

        return await pipeline.ExecuteAsync(executor, connector, config, secrets, key, request, cancellationToken).ConfigureAwait(false);
    }
}
