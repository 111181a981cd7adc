using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Internal;

/// <summary>
/// The connector type ids <c>AddConnectorType&lt;T&gt;()</c> has registered in one service collection, so that a second
/// type with an id already taken fails there and then (Kibana's <c>Action type "&lt;id&gt;" is already registered.</c>),
/// not when the registry is first built. The id is read without the container: from a <c>TypeId</c> constant (or static
/// field or property) on the executor type, as every built-in type has, or else from the
/// <see cref="IConnectorExecutor.Definition"/> of an instance made with its parameterless constructor. An executor with
/// neither, or one registered directly as an <see cref="IConnectorExecutor"/> service, is still checked when the
/// registry is built (at start-up with <c>ValidateOnStart</c>).
/// </summary>
internal sealed class ConnectorTypeRegistrations
{
    private readonly Dictionary<string, Type> byId = new(StringComparer.Ordinal);

    /// <summary>The registrations kept in <paramref name="services"/> (added on first use).</summary>
    public static ConnectorTypeRegistrations For(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(ConnectorTypeRegistrations) && descriptor.ImplementationInstance is ConnectorTypeRegistrations found)
            {
                return found;
            }
        }

        var created = new ConnectorTypeRegistrations();
        services.AddSingleton(created);
        return created;
    }

    /// <summary>Records <paramref name="executorType"/>'s id; the same executor type again is a no-op.</summary>
    /// <exception cref="InvalidOperationException">Another executor type already has that id.</exception>
    public void Add(Type executorType)
    {
        if (TypeIdOf(executorType) is not { } id)
        {
            return;
        }

        if (byId.TryGetValue(id, out var existing))
        {
            if (existing == executorType)
            {
                return;
            }

            throw new InvalidOperationException(
                $"Action type \"{id}\" is already registered. ({executorType.FullName} cannot be added: {existing.FullName} has that id.)");
        }

        byId.Add(id, executorType);
    }

    /// <summary>The id of an executor type, when it can be known before the container is built.</summary>
    internal static string? TypeIdOf(Type executorType)
    {
        const BindingFlags Static = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.FlattenHierarchy;
        if (executorType.GetField("TypeId", Static) is { } field && field.FieldType == typeof(string))
        {
            return (string?)(field.IsLiteral ? field.GetRawConstantValue() : field.GetValue(null));
        }

        if (executorType.GetProperty("TypeId", Static) is { PropertyType: var propertyType } property && propertyType == typeof(string)
            && property.GetMethod is not null)
        {
            return (string?)property.GetValue(null);
        }

        if (executorType.IsAbstract || executorType.GetConstructor(Type.EmptyTypes) is not { } constructor)
        {
            return null;
        }

        var instance = (IConnectorExecutor)constructor.Invoke(null);
        try
        {
            return instance.Definition?.Id;
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
    }
}
