namespace Connectors;

/// <summary>
/// The event log every execution is recorded in. The default keeps the latest
/// <see cref="ConnectorsOptions.EventLogCapacity"/> events in memory; register another implementation to send
/// them elsewhere.
/// </summary>
public interface IConnectorEventLog
{
    /// <summary>Appends an event. Must be fast and must not throw.</summary>
    /// <param name="connectorEvent">The event.</param>
    void Append(ConnectorEvent connectorEvent);

    /// <summary>Queries the events, oldest first.</summary>
    /// <param name="query">The filter.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The matching events.</returns>
    ValueTask<IReadOnlyList<ConnectorEvent>> QueryAsync(ConnectorEventQuery query, CancellationToken cancellationToken = default);
}
