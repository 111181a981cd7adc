using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Connectors.Storage.Internal;

/// <summary>What every <c>Use…Store</c> call does: options validated on start, the store as both interfaces, a start-up migration.</summary>
internal static class ConnectorStorageRegistration
{
    public static IConnectorsBuilder Add<TStore>(
        IConnectorsBuilder builder, Func<IServiceProvider, ConnectorStorageOptions, TStore> factory, Action<ConnectorStorageOptions>? configure)
        where TStore : SqlConnectorStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<ConnectorStorageOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectorStorageOptions>, ConnectorStorageOptionsValidator>());
        services.RemoveAll<IConnectorStore>();
        services.RemoveAll<IConnectorStoreMaintenance>();
        services.AddSingleton(sp => factory(sp, sp.GetRequiredService<IOptions<ConnectorStorageOptions>>().Value));
        services.AddSingleton<IConnectorStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IConnectorStoreMaintenance>(sp => sp.GetRequiredService<TStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConnectorStoreInitializer>());
        return builder;
    }

    /// <summary>Binds <c>ConnectionString</c>, <c>Encryption:Key</c> and <c>Encryption:DecryptionOnlyKeys</c> from a section.</summary>
    public static Action<ConnectorStorageOptions> Bind(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return options =>
        {
            options.ConnectionString = section["ConnectionString"] ?? options.ConnectionString;
            var encryption = section.GetSection("Encryption");
            options.Encryption.Key = encryption["Key"] ?? options.Encryption.Key;
            foreach (var key in encryption.GetSection("DecryptionOnlyKeys").GetChildren())
            {
                if (!string.IsNullOrEmpty(key.Value) && !options.Encryption.DecryptionOnlyKeys.Contains(key.Value))
                {
                    options.Encryption.DecryptionOnlyKeys.Add(key.Value);
                }
            }
        };
    }
}
