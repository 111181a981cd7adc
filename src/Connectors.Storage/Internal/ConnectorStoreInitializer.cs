using Microsoft.Extensions.Hosting;

namespace Connectors.Storage.Internal;

/// <summary>Migrates the schema when the host starts, so that a broken database fails start-up rather than the first request.</summary>
internal sealed class ConnectorStoreInitializer(IConnectorStoreMaintenance store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
