using Connectors.Storage.Internal;
using Connectors.Storage.PostgreSql.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors;

/// <summary>Keeps connectors in a PostgreSQL database.</summary>
public static class PostgreSqlConnectorsBuilderExtensions
{
    /// <summary>
    /// Keeps connectors in a PostgreSQL database, replacing the in-memory store. The encryption key comes from
    /// <see cref="ConnectorStorageOptions"/> configured elsewhere (for example <c>services.Configure&lt;ConnectorStorageOptions&gt;</c>);
    /// start-up fails without one.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">For example <c>Host=db;Username=connectors;Password=…;Database=connectors</c>.</param>
    /// <returns>The builder.</returns>
    public static IConnectorsBuilder UsePostgreSqlStore(this IConnectorsBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return UsePostgreSqlStore(builder, connectionString, _ => { });
    }

    /// <summary>Keeps connectors in a PostgreSQL database, replacing the in-memory store.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">For example <c>Host=db;Username=connectors;Password=…;Database=connectors</c>.</param>
    /// <param name="configure">Configures the options, at least <see cref="ConnectorEncryptionOptions.Key"/>.</param>
    /// <returns>The builder.</returns>
    public static IConnectorsBuilder UsePostgreSqlStore(this IConnectorsBuilder builder, string connectionString, Action<ConnectorStorageOptions> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(configure);
        return Add(builder, options =>
        {
            options.ConnectionString = connectionString;
            configure(options);
        });
    }

    /// <summary>
    /// Keeps connectors in a PostgreSQL database whose options come from a configuration section: <c>ConnectionString</c>,
    /// <c>Encryption:Key</c>, <c>Encryption:DecryptionOnlyKeys</c>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">The section, for example <c>Connectors:Storage</c>.</param>
    /// <returns>The builder.</returns>
    public static IConnectorsBuilder UsePostgreSqlStore(this IConnectorsBuilder builder, IConfiguration section) =>
        Add(builder, ConnectorStorageRegistration.Bind(section));

    private static IConnectorsBuilder Add(IConnectorsBuilder builder, Action<ConnectorStorageOptions> configure) =>
        ConnectorStorageRegistration.Add(
            builder,
            (sp, options) => new PostgreSqlConnectorStore(
                options.ConnectionString!,
                new SecretProtector(options.Encryption),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Connectors.Storage")),
            configure);
}
