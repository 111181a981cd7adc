using System.Data.Common;
using Connectors.Storage.Internal;
using Connectors.Storage.PostgreSql.Internal;
using Connectors.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Connectors.Storage.Tests;

/// <summary>Keys and throw-away databases for the store tests.</summary>
internal static class TestKeys
{
    public const string Current = "current-key-0123456789abcdef0123456789";
    public const string Old = "old-key-0123456789abcdef0123456789abcdef";
    public const string Other = "other-key-0123456789abcdef0123456789abcd";

    public static ConnectorEncryptionOptions Options(string key, params string[] decryptionOnly)
    {
        var options = new ConnectorEncryptionOptions { Key = key };
        foreach (var old in decryptionOnly)
        {
            options.DecryptionOnlyKeys.Add(old);
        }

        return options;
    }
}

/// <summary>A database the tests may open several stores on, and look into with raw SQL.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract string ConnectionString { get; }

    internal abstract SqlConnectorStore CreateStore(ConnectorEncryptionOptions encryption, TimeProvider? time = null);

    internal SqlConnectorStore CreateStore(string key = TestKeys.Current, params string[] decryptionOnly) =>
        CreateStore(TestKeys.Options(key, decryptionOnly));

    public abstract Task<DbConnection> OpenRawAsync();

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public abstract ValueTask DisposeAsync();
}

/// <summary>A SQLite database in a temporary file.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string directory = Directory.CreateTempSubdirectory("connectors-sqlite-").FullName;

    public string FilePath => Path.Combine(directory, "connectors.db");

    public override string ConnectionString => $"Data Source={FilePath}";

    internal override SqlConnectorStore CreateStore(ConnectorEncryptionOptions encryption, TimeProvider? time = null) =>
        new SqliteConnectorStore(ConnectionString, new SecretProtector(encryption), time ?? TimeProvider.System, NullLogger.Instance);

    public override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold the file for a moment; the temp folder is cleaned eventually.
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A fresh schema on the PostgreSQL server named by <c>CONNECTORS_TEST_POSTGRES</c> (set by <c>eng/start-postgres.sh</c>).
/// The server is required: without it the tests fail, they never skip.
/// </summary>
public sealed class PostgreSqlTestDatabase : TestDatabase
{
    public const string EnvironmentVariable = "CONNECTORS_TEST_POSTGRES";

    // Without the variable, start (or find) the local server with the repository's script, so that README's plain
    // `dotnet test` works too; if that fails the tests fail with the script's output, they never skip.
    private static readonly Lazy<string> StartedServer = new(StartServer);
    private readonly string schema = "t_" + Guid.NewGuid().ToString("N");
    private readonly string server;
    private bool created;

    public PostgreSqlTestDatabase()
    {
        server = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : StartedServer.Value;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ToString();
    }

    public override string ConnectionString { get; }

    private static string StartServer()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Connectors.Core.sln")))
        {
            directory = directory.Parent;
        }

        var script = directory is null ? null : Path.Combine(directory.FullName, "eng", "start-postgres.sh");
        if (script is null || !File.Exists(script))
        {
            throw new InvalidOperationException($"The PostgreSQL store tests need a real server: set {EnvironmentVariable} or run eng/start-postgres.sh.");
        }

        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith($"export {EnvironmentVariable}=", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"eng/start-postgres.sh could not start PostgreSQL (exit {process.ExitCode}): {error}{output}");
        }

        return line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim().Trim('\'');
    }

    internal override SqlConnectorStore CreateStore(ConnectorEncryptionOptions encryption, TimeProvider? time = null)
    {
        EnsureSchema();
        return new PostgreSqlConnectorStore(ConnectionString, new SecretProtector(encryption), time ?? TimeProvider.System, NullLogger.Instance);
    }

    public override async Task<DbConnection> OpenRawAsync()
    {
        EnsureSchema();
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public void EnsureSchema()
    {
        if (created)
        {
            return;
        }

        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        command.ExecuteNonQuery();
        created = true;
    }

    public override async ValueTask DisposeAsync()
    {
        if (created)
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
