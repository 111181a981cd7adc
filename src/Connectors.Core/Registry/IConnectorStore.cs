namespace Connectors;

/// <summary>
/// Where stored connectors live. Versioned records give optimistic concurrency: an update names the version it
/// read, and a stale one fails with <see cref="ConnectorConflictException"/>. Implementations must be thread-safe
/// and must return copies that callers may not change the stored data through.
/// </summary>
public interface IConnectorStore
{
    /// <summary>Gets a connector of a space.</summary>
    /// <param name="spaceId">The space.</param>
    /// <param name="id">The connector id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or <see langword="null"/> when there is none.</returns>
    ValueTask<ConnectorRecord?> GetAsync(string spaceId, string id, CancellationToken cancellationToken = default);

    /// <summary>Lists a space's connectors.</summary>
    /// <param name="spaceId">The space.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The records, in no particular order.</returns>
    ValueTask<IReadOnlyList<ConnectorRecord>> ListAsync(string spaceId, CancellationToken cancellationToken = default);

    /// <summary>Adds a connector; its <see cref="ConnectorRecord.Version"/> becomes 1.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored record.</returns>
    /// <exception cref="ConnectorConflictException">The space already has a connector with that id.</exception>
    ValueTask<ConnectorRecord> CreateAsync(ConnectorRecord record, CancellationToken cancellationToken = default);

    /// <summary>Replaces a connector if its stored version is <paramref name="expectedVersion"/>; the version is incremented.</summary>
    /// <param name="record">The new record.</param>
    /// <param name="expectedVersion">The version the caller read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored record.</returns>
    /// <exception cref="ConnectorNotFoundException">There is no such connector.</exception>
    /// <exception cref="ConnectorConflictException">The stored version is not <paramref name="expectedVersion"/>.</exception>
    ValueTask<ConnectorRecord> UpdateAsync(ConnectorRecord record, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Deletes a connector.</summary>
    /// <param name="spaceId">The space.</param>
    /// <param name="id">The connector id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether there was one to delete.</returns>
    ValueTask<bool> DeleteAsync(string spaceId, string id, CancellationToken cancellationToken = default);
}
