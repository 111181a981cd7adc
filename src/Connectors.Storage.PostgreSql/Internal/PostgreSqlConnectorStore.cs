using System.Data.Common;
using Connectors.Storage.Internal;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connectors.Storage.PostgreSql.Internal;

/// <summary>
/// The PostgreSQL store, for several instances sharing connectors: one pooled data source; migrations serialised across
/// instances by a transaction-scoped advisory lock.
/// </summary>
internal sealed class PostgreSqlConnectorStore : SqlConnectorStore
{
    /// <summary>The advisory lock key migrations hold ("connectors" in ASCII, as a 64-bit number).</summary>
    private const long MigrationLockKey = 0x636F6E6E6563746F;

    private static readonly (int Version, string Sql)[] Migrations =
    [
        (1, """
            CREATE TABLE IF NOT EXISTS connectors (
              space_id TEXT NOT NULL,
              id TEXT NOT NULL,
              name TEXT NOT NULL,
              type_id TEXT NOT NULL,
              config TEXT NOT NULL,
              secrets BYTEA NOT NULL,
              key_id TEXT NOT NULL,
              is_missing_secrets BOOLEAN NOT NULL,
              version BIGINT NOT NULL,
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL,
              PRIMARY KEY (space_id, id)
            );
            """),
        (2, "CREATE INDEX IF NOT EXISTS ix_connectors_key_id ON connectors (key_id);"),
    ];

    private readonly NpgsqlDataSource dataSource;

    public PostgreSqlConnectorStore(string connectionString, SecretProtector protector, TimeProvider timeProvider, ILogger logger)
        : base(protector, timeProvider, logger)
    {
        dataSource = NpgsqlDataSource.Create(connectionString);
    }

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task MigrateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using (var lockCommand = Command(connection, "SELECT pg_advisory_xact_lock(@key)", ("key", MigrationLockKey)))
        {
            lockCommand.Transaction = transaction;
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var create = Command(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT NOT NULL PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"))
        {
            create.Transaction = transaction;
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ApplyMigrationsAsync(connection, transaction, Migrations, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            dataSource.Dispose();
        }

        base.Dispose(disposing);
    }
}
