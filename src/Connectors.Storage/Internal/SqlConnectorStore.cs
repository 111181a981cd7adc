using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Connectors.Storage.Internal;

/// <summary>
/// An <see cref="IConnectorStore"/> over a SQL table, shared by the SQLite and PostgreSQL stores (their SQL for reads and
/// writes is the same; only opening connections and migrating differ). Secrets are encrypted with
/// <see cref="SecretProtector"/>; optimistic concurrency is a <c>version</c> column checked in the <c>UPDATE</c>.
/// </summary>
internal abstract partial class SqlConnectorStore : IConnectorStore, IConnectorStoreMaintenance, IDisposable
{
    private const string Columns = "space_id, id, name, type_id, config, secrets, key_id, is_missing_secrets, version, created_at, updated_at";
    private readonly SemaphoreSlim migrationLock = new(1, 1);
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private volatile bool migrated;

    protected SqlConnectorStore(SecretProtector protector, TimeProvider timeProvider, ILogger logger)
    {
        Protector = protector;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    internal SecretProtector Protector { get; }

    public async ValueTask<ConnectorRecord?> GetAsync(string spaceId, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spaceId);
        ArgumentNullException.ThrowIfNull(id);
        using var connection = await OpenMigratedAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT {Columns} FROM connectors WHERE space_id = @space AND id = @id", ("space", spaceId), ("id", id));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    public async ValueTask<IReadOnlyList<ConnectorRecord>> ListAsync(string spaceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spaceId);
        using var connection = await OpenMigratedAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, $"SELECT {Columns} FROM connectors WHERE space_id = @space", ("space", spaceId));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        List<ConnectorRecord> records = [];
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    public async ValueTask<ConnectorRecord> CreateAsync(ConnectorRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var now = timeProvider.GetUtcNow();
        var stored = Copy(record) with { Version = 1, CreatedAt = now, UpdatedAt = now };
        using var connection = await OpenMigratedAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(
            connection,
            $"INSERT INTO connectors ({Columns}) VALUES (@space, @id, @name, @type, @config, @secrets, @key, @missing, 1, @created, @updated) ON CONFLICT (space_id, id) DO NOTHING",
            ("space", stored.SpaceId),
            ("id", stored.Id),
            ("name", stored.Name),
            ("type", stored.ConnectorTypeId),
            ("config", stored.Config.ToJsonString()),
            ("secrets", Protector.Encrypt(stored.SpaceId, stored.Id, stored.ConnectorTypeId, stored.Secrets)),
            ("key", Protector.CurrentKeyId),
            ("missing", stored.IsMissingSecrets),
            ("created", now.UtcTicks),
            ("updated", now.UtcTicks));
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new ConnectorConflictException($"Saved object [action/{record.Id}] conflict");
        }

        return stored;
    }

    public async ValueTask<ConnectorRecord> UpdateAsync(ConnectorRecord record, long expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var now = timeProvider.GetUtcNow();
        using var connection = await OpenMigratedAsync(cancellationToken).ConfigureAwait(false);
        using (var command = Command(
            connection,
            "UPDATE connectors SET name = @name, type_id = @type, config = @config, secrets = @secrets, key_id = @key, " +
            "is_missing_secrets = @missing, version = version + 1, updated_at = @updated " +
            "WHERE space_id = @space AND id = @id AND version = @expected RETURNING created_at",
            ("space", record.SpaceId),
            ("id", record.Id),
            ("name", record.Name),
            ("type", record.ConnectorTypeId),
            ("config", record.Config.ToJsonString()),
            ("secrets", Protector.Encrypt(record.SpaceId, record.Id, record.ConnectorTypeId, record.Secrets)),
            ("key", Protector.CurrentKeyId),
            ("missing", record.IsMissingSecrets),
            ("updated", now.UtcTicks),
            ("expected", expectedVersion)))
        {
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } createdAt and not DBNull)
            {
                return Copy(record) with
                {
                    Version = expectedVersion + 1,
                    CreatedAt = new DateTimeOffset(Convert.ToInt64(createdAt, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero),
                    UpdatedAt = now,
                };
            }
        }

        using var exists = Command(connection, "SELECT 1 FROM connectors WHERE space_id = @space AND id = @id", ("space", record.SpaceId), ("id", record.Id));
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            throw new ConnectorNotFoundException($"Saved object [action/{record.Id}] not found");
        }

        throw new ConnectorConflictException($"Saved object [action/{record.Id}] conflict");
    }

    public async ValueTask<bool> DeleteAsync(string spaceId, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spaceId);
        ArgumentNullException.ThrowIfNull(id);
        using var connection = await OpenMigratedAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, "DELETE FROM connectors WHERE space_id = @space AND id = @id", ("space", spaceId), ("id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (migrated)
        {
            return;
        }

        await migrationLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!migrated)
            {
                using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
                migrated = true;
            }
        }
        finally
        {
            migrationLock.Release();
        }
    }

    public async Task<int> RotateEncryptionKeyAsync(CancellationToken cancellationToken = default)
    {
        using var connection = await OpenMigratedAsync(cancellationToken).ConfigureAwait(false);
        List<(string Space, string Id, string Type, string KeyId, byte[] Secrets, long Version)> stale = [];
        using (var select = Command(connection, "SELECT space_id, id, type_id, key_id, secrets, version FROM connectors WHERE key_id <> @key", ("key", Protector.CurrentKeyId)))
        using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stale.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), (byte[])reader.GetValue(4), reader.GetInt64(5)));
            }
        }

        var count = 0;
        foreach (var row in stale)
        {
            var secrets = Protector.TryDecrypt(row.Space, row.Id, row.Type, row.KeyId, row.Secrets);
            if (secrets is null)
            {
                LogUndecryptable(logger, row.Type, row.Id, row.Space);
                continue;
            }

            // Conditional on the version read: a concurrent update has already written with the current key.
            using var update = Command(
                connection,
                "UPDATE connectors SET secrets = @secrets, key_id = @key WHERE space_id = @space AND id = @id AND version = @version",
                ("secrets", Protector.Encrypt(row.Space, row.Id, row.Type, secrets)),
                ("key", Protector.CurrentKeyId),
                ("space", row.Space),
                ("id", row.Id),
                ("version", row.Version));
            count += await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Protector.Dispose();
            migrationLock.Dispose();
        }
    }

    /// <summary>Opens a connection to the database.</summary>
    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Applies the missing migrations, holding a database-wide lock so that two instances never race.</summary>
    protected abstract Task MigrateAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Applies, inside the caller's locked transaction, the migrations newer than the highest one in <c>schema_migrations</c>.</summary>
    protected static async Task ApplyMigrationsAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<(int Version, string Sql)> migrations, CancellationToken cancellationToken)
    {
        long current;
        using (var select = Command(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))
        {
            select.Transaction = transaction;
            current = Convert.ToInt64(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (version, sql) in migrations.Where(m => m.Version > current).OrderBy(m => m.Version))
        {
            using (var apply = Command(connection, sql))
            {
                apply.Transaction = transaction;
                await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using var record = Command(connection, "INSERT INTO schema_migrations (version) VALUES (@version)", ("version", (long)version));
            record.Transaction = transaction;
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static ConnectorRecord Copy(ConnectorRecord record) => record with
    {
        Config = record.Config.DeepClone().AsObject(),
        Secrets = record.Secrets.DeepClone().AsObject(),
    };

    private async ValueTask<DbConnection> OpenMigratedAsync(CancellationToken cancellationToken)
    {
        if (!migrated)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    private ConnectorRecord Read(DbDataReader reader)
    {
        var spaceId = reader.GetString(0);
        var id = reader.GetString(1);
        var typeId = reader.GetString(3);
        var missing = reader.GetBoolean(7);
        var secrets = Protector.TryDecrypt(spaceId, id, typeId, reader.GetString(6), (byte[])reader.GetValue(5));
        if (secrets is null)
        {
            LogUndecryptable(logger, typeId, id, spaceId);
            missing = true;
        }

        return new ConnectorRecord
        {
            SpaceId = spaceId,
            Id = id,
            Name = reader.GetString(2),
            ConnectorTypeId = typeId,
            Config = JsonNode.Parse(reader.GetString(4))?.AsObject() ?? [],
            Secrets = secrets ?? [],
            IsMissingSecrets = missing,
            Version = reader.GetInt64(8),
            CreatedAt = new DateTimeOffset(reader.GetInt64(9), TimeSpan.Zero),
            UpdatedAt = new DateTimeOffset(reader.GetInt64(10), TimeSpan.Zero),
        };
    }

    [LoggerMessage(1, LogLevel.Warning, "the secrets of connector {ConnectorTypeId}:{ConnectorId} in space {SpaceId} cannot be decrypted with the configured keys: it is reported as missing its secrets")]
    private static partial void LogUndecryptable(ILogger logger, string connectorTypeId, string connectorId, string spaceId);
}
