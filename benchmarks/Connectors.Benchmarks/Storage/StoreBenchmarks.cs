using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connectors.Benchmarks.Storage;

/// <summary>
/// Get by id and list for a space of 1,000 connectors on each store, secrets decrypted (AES-256-GCM) on every read.
/// Goal: get by id on SQLite ≤ 100 µs median. PostgreSQL needs <c>CONNECTORS_TEST_POSTGRES</c>
/// (<c>eval "$(bash eng/start-postgres.sh)"</c>).
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private const int Count = 1_000;
    private const string Space = "bench";
    private const string Key = "benchmark-key-0123456789abcdef0123456789";
    private ServiceProvider provider = null!;
    private IConnectorStore store = null!;
    private string? directory;
    private string? schema;
    private int next;

    [Params("InMemory", "Sqlite", "PostgreSql")]
    public string Store { get; set; } = "Sqlite";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var services = new ServiceCollection();
        var builder = services.AddConnectors();
        switch (Store)
        {
            case "Sqlite":
                directory = Directory.CreateTempSubdirectory("connectors-bench-").FullName;
                builder.UseSqliteStore($"Data Source={Path.Combine(directory, "connectors.db")}", o => o.Encryption.Key = Key);
                break;
            case "PostgreSql":
                var server = Environment.GetEnvironmentVariable("CONNECTORS_TEST_POSTGRES")
                    ?? throw new InvalidOperationException("set CONNECTORS_TEST_POSTGRES: eval \"$(bash eng/start-postgres.sh)\"");
                schema = "bench_" + Guid.NewGuid().ToString("N");
                await ExecuteAsync(server, $"CREATE SCHEMA {schema}");
                builder.UsePostgreSqlStore(new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ToString(), o => o.Encryption.Key = Key);
                break;
        }

        provider = services.BuildServiceProvider();
        store = provider.GetRequiredService<IConnectorStore>();
        for (var i = 0; i < Count; i++)
        {
            await store.CreateAsync(new ConnectorRecord
            {
                Id = "connector-" + i,
                SpaceId = Space,
                Name = "Connector " + i,
                ConnectorTypeId = ".webhook",
                Config = new JsonObject { ["url"] = $"https://hooks.example.com/{i}", ["method"] = "post", ["hasAuth"] = true },
                Secrets = new JsonObject { ["user"] = "alerts", ["password"] = "password-" + i },
            });
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (directory is not null)
        {
            Directory.Delete(directory, recursive: true);
        }

        if (schema is not null)
        {
            await ExecuteAsync(Environment.GetEnvironmentVariable("CONNECTORS_TEST_POSTGRES")!, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    [Benchmark]
    public async Task<ConnectorRecord?> GetById()
    {
        next = (next + 1) % Count;
        return await store.GetAsync(Space, "connector-" + next);
    }

    [Benchmark]
    public async Task<int> ListSpace() => (await store.ListAsync(Space)).Count;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
