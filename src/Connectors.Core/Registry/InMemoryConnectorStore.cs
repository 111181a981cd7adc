using System.Collections.Concurrent;

namespace Connectors.Internal;

/// <summary>The default, thread-safe, in-memory <see cref="IConnectorStore"/>: lock-free compare-and-swap on versions.</summary>
internal sealed class InMemoryConnectorStore(TimeProvider timeProvider) : IConnectorStore
{
    private readonly ConcurrentDictionary<(string SpaceId, string Id), Slot> records = new();

    public ValueTask<ConnectorRecord?> GetAsync(string spaceId, string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(records.TryGetValue((spaceId, id), out var slot) ? Copy(slot.Record) : null);
    }

    public ValueTask<IReadOnlyList<ConnectorRecord>> ListAsync(string spaceId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<ConnectorRecord> list = [.. records.Where(r => r.Key.SpaceId == spaceId).Select(r => Copy(r.Value.Record))];
        return ValueTask.FromResult(list);
    }

    public ValueTask<ConnectorRecord> CreateAsync(ConnectorRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        var now = timeProvider.GetUtcNow();
        var stored = Copy(record) with { Version = 1, CreatedAt = now, UpdatedAt = now };
        if (!records.TryAdd((record.SpaceId, record.Id), new Slot(stored)))
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

        if (current.Record.Version != expectedVersion)
        {
            throw new ConnectorConflictException($"Saved object [action/{record.Id}] conflict");
        }

        var stored = Copy(record) with
        {
            Version = expectedVersion + 1,
            CreatedAt = current.Record.CreatedAt,
            UpdatedAt = timeProvider.GetUtcNow(),
        };
        if (!records.TryUpdate(key, new Slot(stored), current))
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

    /// <summary>
    /// The stored entry itself, for the execute path: its record is never changed (an update stores a new entry),
    /// so it must only be read, and <see cref="Slot.Attachment"/> lets the caller keep what it derives from it.
    /// </summary>
    internal Slot? Peek(string spaceId, string id) => records.TryGetValue((spaceId, id), out var slot) ? slot : null;

    private static ConnectorRecord Copy(ConnectorRecord record) => record with
    {
        Config = record.Config.DeepClone().AsObject(),
        Secrets = record.Secrets.DeepClone().AsObject(),
    };

    /// <summary>One stored version of a connector; replaced as a whole on update.</summary>
    internal sealed class Slot(ConnectorRecord record)
    {
        /// <summary>The stored record: read only.</summary>
        public ConnectorRecord Record { get; } = record;

        /// <summary>What the registry derived from <see cref="Record"/> for executing it (set at most a few times, racing writers store equal values).</summary>
        public object? Attachment { get; set; }
    }
}
