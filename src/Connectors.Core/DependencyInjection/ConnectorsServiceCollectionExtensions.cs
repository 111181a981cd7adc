using Connectors;
using Connectors.Internal;
using Connectors.Templating;
using Connectors.Templating.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Connectors.Core.</summary>
public static class ConnectorsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IConnectorRegistry"/>, the built-in connector types, the policy, the HTTP clients and the
    /// event log. Idempotent: calling it again only applies <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The builder, to add connector types.</returns>
#pragma warning disable RS0027 // The contract fixes this signature; the IConfiguration overload has no optional parameter.
    public static IConnectorsBuilder AddConnectors(this IServiceCollection services, Action<ConnectorsOptions>? configure = null)
#pragma warning restore RS0027
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = AddCore(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    /// <summary>
    /// Registers Connectors.Core with options bound from a configuration section shaped like kibana.yml's
    /// <c>xpack.actions</c> (for example <c>enabledActionTypes</c>, <c>allowedHosts</c>, <c>preconfigured</c>,
    /// <c>email.domain_allowlist</c>; the option names work too).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The builder, to add connector types.</returns>
    public static IConnectorsBuilder AddConnectors(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var builder = AddCore(services);
        services.Configure<ConnectorsOptions>(options => ConnectorsConfigurationBinder.Bind(section, options));
        return builder;
    }

    /// <summary>
    /// Adds a connector type. Adding the same executor type twice is a no-op; a type whose id another type already has
    /// fails here, with <c>Action type "&lt;id&gt;" is already registered.</c> The id is read from a <c>TypeId</c>
    /// constant (or static property) on <typeparamref name="TExecutor"/>, else from the definition of an instance made
    /// with its parameterless constructor; a type with neither is checked when the registry is built, at start-up.
    /// </summary>
    /// <typeparam name="TExecutor">The executor.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">Another connector type already has <typeparamref name="TExecutor"/>'s id.</exception>
    public static IConnectorsBuilder AddConnectorType<TExecutor>(this IConnectorsBuilder builder)
        where TExecutor : class, IConnectorExecutor
    {
        ArgumentNullException.ThrowIfNull(builder);
        ConnectorTypeRegistrations.For(builder.Services).Add(typeof(TExecutor));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConnectorExecutor, TExecutor>());
        return builder;
    }

    private static ConnectorsBuilder AddCore(IServiceCollection services)
    {
        var builder = new ConnectorsBuilder(services);
        if (services.Any(d => d.ServiceType == typeof(ConnectorsMarker)))
        {
            return builder;
        }

        services.AddSingleton<ConnectorsMarker>();

        // Must come before AddHttpClient's own filters so that it runs last and can remove the default loggers.
        services.Insert(0, ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, ConnectorHttpHandlerFilter>());
        services.AddHttpClient();
        services.AddLogging();
        services.AddMetrics();
        services.AddOptions<ConnectorsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectorsOptions>, ConnectorsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<Http.HttpClientFactoryOptions>, ConnectorHttpClientFactoryOptionsSetup>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConnectorPolicy>();
        services.TryAddSingleton<ConnectorTypeRegistry>();
        services.TryAddSingleton<OAuthTokenCache>();
        services.TryAddSingleton<LicenseGate>(sp => new LicenseGate(
            sp.GetRequiredService<IOptionsMonitor<ConnectorsOptions>>(),
            sp.GetRequiredService<ConnectorPolicy>(),
            sp.GetService<ILicenseProvider>()));
        services.TryAddSingleton<PreconfiguredConnectors>();
        services.TryAddSingleton<CustomHostSettingsRegistry>();
        services.TryAddSingleton<ConnectorHttpClients>();
        services.TryAddSingleton<ConnectorsTelemetry>();
        services.TryAddSingleton<IConnectorStore, InMemoryConnectorStore>();
        services.TryAddSingleton<IConnectorEventLog, InMemoryConnectorEventLog>();
        services.TryAddSingleton<ITemplateRenderer, MustacheTemplateRenderer>();
        services.TryAddSingleton<ScribanParamsRenderer>();
        services.TryAddSingleton<IParamsTemplater, ParamsTemplater>();
        services.TryAddSingleton<BoundConnectorCache>();
        services.TryAddSingleton<ConnectorExecutionPipeline>();
        services.TryAddSingleton<IConnectorRegistry>(sp => new ConnectorRegistry(
            sp.GetRequiredService<ConnectorTypeRegistry>(),
            sp.GetRequiredService<IConnectorStore>(),
            sp.GetRequiredService<PreconfiguredConnectors>(),
            sp.GetRequiredService<LicenseGate>(),
            sp.GetRequiredService<ConnectorPolicy>(),
            sp.GetRequiredService<IConnectorEventLog>(),
            sp.GetRequiredService<IOptionsMonitor<ConnectorsOptions>>(),
            sp.GetRequiredService<ConnectorExecutionPipeline>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ConnectorRegistry>>(),
            sp.GetService<IConnectorReferenceSource>()));

        BuiltInConnectorTypes.Add(builder);
        return builder;
    }

    private sealed class ConnectorsMarker;

    private sealed record ConnectorsBuilder(IServiceCollection Services) : IConnectorsBuilder;
}
