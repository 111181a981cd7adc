using System.Collections.Concurrent;

namespace Connectors.Internal;

/// <summary>The default, thread-safe, in-memory <see cref="IConnectorStore"/>: lock-free compare-and-swap on versions.</summary>
internal sealed class InMemoryConnectorStore(TimeProvider timeProvider) : IConnectorStore
{
    private readonly ConcurrentDictionary<(string SpaceId, string Id), ConnectorRecord> records = new();

    public ValueTask<ConnectorRecord?> GetAsync(string spaceId, string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(records.TryGetValue((spaceId, id), out var record) ? Copy(record) : null);
    }

    public ValueTask<IReadOnlyList<ConnectorRecord>> ListAsync(string spaceId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<ConnectorRecord> list = [.. records.Where(r => r.Key.SpaceId == spaceId).Select(r => Copy(r.Value))];
        return ValueTask.FromResult(list);
    }

    public ValueTask<ConnectorRecord> CreateAsync(ConnectorRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        var now = timeProvider.GetUtcNow();
        var stored = Copy(record) with { Version = 1, CreatedAt = now, UpdatedAt = now };
        if (!records.TryAdd((record.SpaceId, record.Id), stored))
        {
            throw new ConnectorConflictException($"Saved object [action/{record.Id}] conflict");
        }

        return ValueTask.FromResult(Copy(stored));
    }

    public ValueTask<ConnectorRecord> UpdateAsync(ConnectorRecord record, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        var key = (record.SpaceId, record.Id);
        if (!records.TryGetValue(key, out var current))
        {
            throw new ConnectorNotFoundException($"Saved object [action/{record.Id}] not found");
        }

        if (current.Version != expectedVersion)
        {
            throw new ConnectorConflictException($"Saved object [action/{record.Id}] conflict");
        }

        var stored = Copy(record) with
        {
            Version = expectedVersion + 1,
            CreatedAt = current.CreatedAt,
            UpdatedAt = timeProvider.GetUtcNow(),
        };
        if (!records.TryUpdate(key, stored, current))
        {
            throw new ConnectorConflictException($"Saved object [action/{record.Id}] conflict");
        }

        return ValueTask.FromResult(Copy(stored));
    }

    public ValueTask<bool> DeleteAsync(string spaceId, string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(records.TryRemove((spaceId, id), out _));
    }

    private static ConnectorRecord Copy(ConnectorRecord record) => record with
    {
        Config = record.Config.DeepClone().AsObject(),
        Secrets = record.Secrets.DeepClone().AsObject(),
    };
}
