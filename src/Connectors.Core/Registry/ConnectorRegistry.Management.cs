
namespace Connectors.Internal;

internal sealed partial class ConnectorRegistry
{
    public async Task<Connector> CreateAsync(CreateConnectorRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Id ?? Guid.NewGuid().ToString();
        try
        {
            RequireNonBlank(request.Name, "name");
            RequireNonBlank(request.ConnectorTypeId, "connector_type_id");
            RequireNonBlank(request.SpaceId, "spaceId");
            if (request.Id is not null)
            {
                CheckConnectorId(request.Id);
            }

            if (types.TryGet(request.ConnectorTypeId, out var maybeSystem) && maybeSystem.Definition.IsSystemActionType)
            {
                throw new ConnectorValidationException($"System action creation is forbidden. Action type: {request.ConnectorTypeId}.");
            }

            if (preconfigured.Contains(id))
            {
                throw new ConnectorValidationException($"This {id} already exists in a preconfigured action.");
            }

            var type = types.Get(request.ConnectorTypeId).Definition;
            SchemaValidation.BindConnector(type, request.Config ?? [], request.Secrets ?? [], validationContext);
            licenseGate.EnsureEnabled(type);

            var record = await store.CreateAsync(
                new ConnectorRecord
                {
                    Id = id,
                    SpaceId = request.SpaceId,
                    Name = request.Name,
                    ConnectorTypeId = type.Id,
                    Config = (request.Config ?? []).DeepClone().AsObject(),
                    Secrets = (request.Secrets ?? []).DeepClone().AsObject(),
                },
                cancellationToken).ConfigureAwait(false);
            Log.ConnectorChanged(logger, "created", type.Id, id, request.SpaceId);
            return ToConnector(record, 0);
        }
        catch (ConnectorException ex) when (ex is ConnectorValidationException or ConnectorForbiddenException)
        {
            RecordRefusal("create", id, request.ConnectorTypeId, request.SpaceId ?? "default", ex);
            throw;
        }
    }

    public async Task<Connector> UpdateAsync(string id, UpdateConnectorRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(request);
        string? typeId = null;
        try
        {
            if (preconfigured.Contains(id))
            {
                throw new ConnectorForbiddenException($"Preconfigured action {id} can not be updated.");
            }

            RequireNonBlank(request.Name, "name");
            var current = await store.GetAsync(request.SpaceId, id, cancellationToken).ConfigureAwait(false)
                ?? throw new ConnectorNotFoundException(NotFoundMessage(id));
            typeId = current.ConnectorTypeId;
            var type = types.Get(current.ConnectorTypeId).Definition;
            if (type.IsSystemActionType)
            {
                throw new ConnectorValidationException($"System action {id} can not be updated.");
            }

            SchemaValidation.BindConnector(type, request.Config ?? [], request.Secrets ?? [], validationContext);
            licenseGate.EnsureEnabled(type);

            var updated = await store.UpdateAsync(
                current with
                {
                    Name = request.Name,
                    Config = (request.Config ?? []).DeepClone().AsObject(),
                    Secrets = (request.Secrets ?? []).DeepClone().AsObject(),
                    IsMissingSecrets = false,
                },
                current.Version,
                cancellationToken).ConfigureAwait(false);
            Log.ConnectorChanged(logger, "updated", type.Id, id, request.SpaceId);
            var count = await CountReferencesAsync(id, request.SpaceId, cancellationToken).ConfigureAwait(false);
            return ToConnector(updated, count);
        }
        catch (ConnectorException ex) when (ex is ConnectorValidationException or ConnectorForbiddenException)
        {
            RecordRefusal("update", id, typeId, request.SpaceId ?? "default", ex);
            throw;
        }
    }

    public async Task<Connector> GetAsync(string id, string spaceId = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(spaceId);
        if (preconfigured.TryGet(id, out var inMemory))
        {
            var count = await CountReferencesAsync(id, spaceId, cancellationToken).ConfigureAwait(false);
            return ToConnector(inMemory, spaceId, count);
        }

        var record = await store.GetAsync(spaceId, id, cancellationToken).ConfigureAwait(false)
            ?? throw new ConnectorNotFoundException(NotFoundMessage(id));
        var references = await CountReferencesAsync(id, spaceId, cancellationToken).ConfigureAwait(false);
        return ToConnector(record, references);
    }

    public async Task DeleteAsync(string id, string spaceId = "default", bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(spaceId);
        var record = await store.GetAsync(spaceId, id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            if (preconfigured.Contains(id))
            {
                var refusal = new ConnectorForbiddenException($"Preconfigured action {id} is not allowed to delete.");
                RecordRefusal("delete", id, null, spaceId, refusal);
                throw refusal;
            }

            throw new ConnectorNotFoundException(NotFoundMessage(id));
        }

        if (!force)
        {
            var count = await CountReferencesAsync(id, spaceId, cancellationToken).ConfigureAwait(false);
            if (count > 0)
            {
                throw new ConnectorConflictException(
                    $"Connector {id} is referenced by {count} object(s); delete them first or pass force: true.");
            }
        }

        if (!await store.DeleteAsync(spaceId, id, cancellationToken).ConfigureAwait(false))
        {
            throw new ConnectorNotFoundException(NotFoundMessage(id));
        }

        Log.ConnectorChanged(logger, "deleted", record.ConnectorTypeId, id, spaceId);
    }

    public async Task<IReadOnlyList<Connector>> ListAsync(string spaceId = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spaceId);
        var records = await store.ListAsync(spaceId, cancellationToken).ConfigureAwait(false);
        var list = new List<Connector>(records.Count);
        foreach (var record in records)
        {
            var count = await CountReferencesAsync(record.Id, spaceId, cancellationToken).ConfigureAwait(false);
            list.Add(ToConnector(record, count));
        }

        foreach (var connector in preconfigured.All)
        {
            var count = await CountReferencesAsync(connector.Id, spaceId, cancellationToken).ConfigureAwait(false);
            list.Add(ToConnector(connector, spaceId, count));
        }

        list.Sort((a, b) => string.Compare(a.Name, b.Name, StringComparison.InvariantCulture));
        return list;
    }

    /// <summary>Resolves a connector for execution: preconfigured first, then the space's store.</summary>
    private ValueTask<ResolvedConnector> ResolveAsync(string id, string spaceId, CancellationToken cancellationToken)
    {
        if (preconfigured.TryGet(id, out var inMemory))
        {
            return ValueTask.FromResult(new ResolvedConnector(
                ToConnector(inMemory, spaceId, 0), inMemory.Config, inMemory.Secrets, new ConnectorVersionKey(string.Empty, id, 0, true), shared: false));
        }

        if (store is InMemoryConnectorStore memory)
        {
            // The stored record is never changed (an update stores a new one): resolve it once per version, with no copy.
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<ResolvedConnector>(cancellationToken);
            }

            var slot = memory.Peek(spaceId, id) ?? throw new ConnectorNotFoundException(NotFoundMessage(id));
            if (slot.Attachment is ResolvedConnector resolved)
            {
                return ValueTask.FromResult(resolved);
            }

            var record = slot.Record;
            // The executor gets its own copy of the config, never the stored one.
            resolved = new ResolvedConnector(ToConnector(record, 0), record.Config, record.Secrets,
                new ConnectorVersionKey(spaceId, id, record.Version, false), shared: true);
            slot.Attachment = resolved;
            return ValueTask.FromResult(resolved);
        }

        return ResolveFromStoreAsync(id, spaceId, cancellationToken);
    }

    private async ValueTask<ResolvedConnector> ResolveFromStoreAsync(string id, string spaceId, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(spaceId, id, cancellationToken).ConfigureAwait(false)
            ?? throw new ConnectorNotFoundException(NotFoundMessage(id));
        // The store returned a copy: no need to copy the config again for the executor.
        return new ResolvedConnector(ToConnector(record, 0, cloneConfig: false), record.Config, record.Secrets,
            new ConnectorVersionKey(spaceId, id, record.Version, false), shared: false);
    }
}
