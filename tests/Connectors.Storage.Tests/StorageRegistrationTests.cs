using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Connectors.Storage.Tests;

public sealed class StorageRegistrationTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public void UseSqliteStore_NoKey_StartUpFailsWithAClearMessage()
    {
        var services = new ServiceCollection();
        services.AddConnectors().UseSqliteStore(database.ConnectionString);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("set Encryption:Key (like Kibana's xpack.encryptedSavedObjects.encryptionKey)", ex.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IConnectorStore>());
    }

    [Fact]
    public void UsePostgreSqlStore_ShortKey_StartUpFails()
    {
        var services = new ServiceCollection();
        services.AddConnectors().UsePostgreSqlStore("Host=127.0.0.1", o => o.Encryption.Key = "short");
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IConnectorStore>());
        Assert.Contains("at least 32 characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseSqliteStore_FromConfiguration_BindsConnectionStringAndKeys_AndMigratesAtHostStart()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Connectors:Storage:ConnectionString"] = database.ConnectionString,
            ["Connectors:Storage:Encryption:Key"] = TestKeys.Current,
            ["Connectors:Storage:Encryption:DecryptionOnlyKeys:0"] = TestKeys.Old,
        }).Build();
        var services = new ServiceCollection();
        services.AddConnectors().UseSqliteStore(configuration.GetSection("Connectors:Storage"));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ConnectorStorageOptions>>().Value;
        Assert.Equal(database.ConnectionString, options.ConnectionString);
        Assert.Equal([TestKeys.Old], options.Encryption.DecryptionOnlyKeys);
        Assert.Same(provider.GetRequiredService<IConnectorStore>(), provider.GetRequiredService<IConnectorStoreMaintenance>());

        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        Assert.Equal(2L, await database.ScalarAsync("SELECT MAX(version) FROM schema_migrations"));
    }

    [Fact]
    public async Task UseSqliteStore_RegistryConnectorsSurviveARestartOfTheHost()
    {
        for (var run = 0; run < 2; run++)
        {
            var services = new ServiceCollection();
            services.AddConnectors().UseSqliteStore(database.ConnectionString, o => o.Encryption.Key = TestKeys.Current);
            await using var provider = services.BuildServiceProvider();
            var registry = provider.GetRequiredService<IConnectorRegistry>();
            if (run == 0)
            {
                await registry.CreateAsync(new CreateConnectorRequest { Id = "log", Name = "Server log", ConnectorTypeId = ".server-log" });
            }
            else
            {
                Assert.Equal("Server log", (await registry.GetAsync("log")).Name);
            }
        }
    }
}
