using Connectors.Testing.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connectors.Testing;

/// <summary>Registers the test doubles of Connectors.Testing.</summary>
public static class ConnectorsTestingExtensions
{
    /// <summary>
    /// Replaces a registered connector type with a <see cref="RecordingConnectorExecutor"/> that keeps the type's
    /// definition (params are still rendered and validated) but records executions instead of sending anything. Call
    /// it after the type is added; get the recorder with <see cref="GetRecordingExecutor"/>.
    /// </summary>
    /// <param name="builder">The builder <c>AddConnectors()</c> returned.</param>
    /// <param name="connectorTypeId">The type id, for example <c>.webhook</c>.</param>
    /// <returns>The builder.</returns>
    public static IConnectorsBuilder UseRecordingExecutor(this IConnectorsBuilder builder, string connectorTypeId)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectorTypeId);
        RecordingExecutorSet.For(builder.Services).Record(builder.Services, connectorTypeId);
        return builder;
    }

    /// <summary>
    /// Adds a connector type that exists only as a recording executor, with the given definition (for example a type
    /// the host has not installed). Returns the recorder.
    /// </summary>
    /// <param name="builder">The builder <c>AddConnectors()</c> returned.</param>
    /// <param name="definition">The type's definition: id, license, features, schemas, escapes.</param>
    /// <returns>The recorder.</returns>
    public static RecordingConnectorExecutor UseRecordingExecutor(this IConnectorsBuilder builder, ConnectorTypeDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(definition);
        var recorder = new RecordingConnectorExecutor(definition);
        RecordingExecutorSet.For(builder.Services).Add(builder.Services, recorder);
        return recorder;
    }

    /// <summary>Gets the recorder standing in for a connector type (it is built with the registry).</summary>
    /// <param name="services">The built service provider.</param>
    /// <param name="connectorTypeId">The type id.</param>
    /// <returns>The recorder.</returns>
    public static RecordingConnectorExecutor GetRecordingExecutor(this IServiceProvider services, string connectorTypeId)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectorTypeId);
        var set = services.GetService<RecordingExecutorSet>()
            ?? throw new InvalidOperationException("No recording executors: call builder.UseRecordingExecutor(...) first.");
        // The recorders are built with the executors: make sure they are.
        _ = services.GetServices<IConnectorExecutor>().ToList();
        return set.Get(connectorTypeId);
    }

    /// <summary>Registers a <see cref="FakeLicenseProvider"/> (replacing any other license provider) and returns it.</summary>
    /// <param name="builder">The builder <c>AddConnectors()</c> returned.</param>
    /// <param name="level">The initial license level.</param>
    /// <param name="state">The initial license state.</param>
    /// <returns>The provider, to change the license during the test.</returns>
    public static FakeLicenseProvider UseFakeLicense(
        this IConnectorsBuilder builder,
        LicenseLevel level = LicenseLevel.Basic,
        LicenseState state = LicenseState.Active)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var provider = new FakeLicenseProvider(level, state);
        builder.Services.RemoveAll<ILicenseProvider>();
        builder.Services.AddSingleton<ILicenseProvider>(provider);
        return provider;
    }
}
