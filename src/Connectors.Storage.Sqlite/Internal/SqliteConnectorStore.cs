using System.Data.Common;
using Connectors.Storage.Internal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Connectors.Storage.Sqlite.Internal;

/// <summary>
/// The SQLite store: one pooled connection per operation, WAL journal (readers never block the writer; a committed
/// transaction survives the process being killed), writers from several processes serialised by SQLite's file lock
/// (Microsoft.Data.Sqlite retries while the database is busy, up to the command timeout).
/// </summary>
internal sealed class SqliteConnectorStore : SqlConnectorStore
{
    private static readonly (int Version, string Sql)[] Migrations =
    [
        (1, """
            CREATE TABLE IF NOT EXISTS connectors (
              space_id TEXT NOT NULL,
              id TEXT NOT NULL,
              name TEXT NOT NULL,
              type_id TEXT NOT NULL,
              config TEXT NOT NULL,
              secrets BLOB NOT NULL,
              key_id TEXT NOT NULL,
              is_missing_secrets INTEGER NOT NULL,
              version INTEGER NOT NULL,
              created_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL,
              PRIMARY KEY (space_id, id)
            ) WITHOUT ROWID;
            """),
        (2, "CREATE INDEX IF NOT EXISTS ix_connectors_key_id ON connectors (key_id);"),
    ];

    private readonly string connectionString;

    public SqliteConnectorStore(string connectionString, SecretProtector protector, TimeProvider timeProvider, ILogger logger)
        : base(protector, timeProvider, logger)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        this.connectionString = builder.ToString();
    }

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override async Task MigrateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL is a property of the file: set once, outside a transaction (it waits for the busy timeout like any write).
        using (var wal = Command(connection, "PRAGMA journal_mode = WAL;"))
        {
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // BEGIN IMMEDIATE takes the write lock: a second process migrating at the same time waits, then finds the work done.
        using var transaction = await ((SqliteConnection)connection).BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        using (var create = Command(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);"))
        {
            create.Transaction = transaction;
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ApplyMigrationsAsync(connection, transaction, Migrations, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
