using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Testing.Internal;

/// <summary>The connector types replaced by recording executors, and the recorders once built.</summary>
internal sealed class RecordingExecutorSet
{
    private readonly HashSet<string> typeIds = new(StringComparer.Ordinal);
    private readonly HashSet<ServiceDescriptor> wrapped = [];
    private readonly ConcurrentDictionary<string, RecordingConnectorExecutor> recorders = new(StringComparer.Ordinal);

    public static RecordingExecutorSet For(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(RecordingExecutorSet))?.ImplementationInstance is RecordingExecutorSet set)
        {
            return set;
        }

        set = new RecordingExecutorSet();
        services.AddSingleton(set);
        return set;
    }

    public void Record(IServiceCollection services, string typeId)
    {
        lock (typeIds)
        {
            typeIds.Add(typeId);
            for (var i = 0; i < services.Count; i++)
            {
                var descriptor = services[i];
                if (descriptor.ServiceType != typeof(IConnectorExecutor) || descriptor.IsKeyedService || wrapped.Contains(descriptor))
                {
                    continue;
                }

                var replacement = ServiceDescriptor.Singleton<IConnectorExecutor>(sp => Wrap(Create(sp, descriptor)));
                wrapped.Add(replacement);
                services[i] = replacement;
            }
        }
    }

    public void Add(IServiceCollection services, RecordingConnectorExecutor recorder)
    {
        lock (typeIds)
        {
            if (!recorders.TryAdd(recorder.ConnectorTypeId, recorder))
            {
                throw new InvalidOperationException($"Connector type \"{recorder.ConnectorTypeId}\" is already recorded.");
            }

            var descriptor = ServiceDescriptor.Singleton<IConnectorExecutor>(recorder);
            wrapped.Add(descriptor);
            services.Add(descriptor);
        }
    }

    public RecordingConnectorExecutor Get(string typeId) => recorders.TryGetValue(typeId, out var recorder)
        ? recorder
        : throw new InvalidOperationException(
            $"No recording executor for \"{typeId}\": call UseRecordingExecutor(\"{typeId}\") after the type is added, and resolve IConnectorRegistry first.");

    private IConnectorExecutor Wrap(IConnectorExecutor executor)
    {
        var id = executor.Definition.Id;
        bool record;
        lock (typeIds)
        {
            record = typeIds.Contains(id);
        }

        if (!record)
        {
            return executor;
        }

        var recorder = recorders.GetOrAdd(id, _ => new RecordingConnectorExecutor(executor.Definition));
        // The replaced executor never runs; the container will not dispose it, so do it here.
        (executor as IDisposable)?.Dispose();
        return recorder;
    }

    private static IConnectorExecutor Create(IServiceProvider services, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: IConnectorExecutor instance } => instance,
        { ImplementationFactory: { } factory } => (IConnectorExecutor)factory(services),
        { ImplementationType: { } type } => (IConnectorExecutor)ActivatorUtilities.CreateInstance(services, type),
        _ => throw new InvalidOperationException("Unsupported connector executor registration."),
    };
}
