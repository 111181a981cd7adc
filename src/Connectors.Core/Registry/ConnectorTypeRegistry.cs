using System.Diagnostics.CodeAnalysis;

namespace Connectors.Internal;

/// <summary>The registered connector types, by id, in registration order.</summary>
internal sealed class ConnectorTypeRegistry
{
    private readonly Dictionary<string, IConnectorExecutor> byId = new(StringComparer.Ordinal);
    private readonly List<IConnectorExecutor> ordered = [];

    public ConnectorTypeRegistry(IEnumerable<IConnectorExecutor> executors)
    {
        foreach (var executor in executors)
        {
            var definition = executor.Definition
                ?? throw new InvalidOperationException($"Connector executor {executor.GetType().Name} has no Definition.");
            Check(definition);
            if (!byId.TryAdd(definition.Id, executor))
            {
                throw new InvalidOperationException($"Action type \"{definition.Id}\" is already registered.");
            }

            ordered.Add(executor);
        }
    }

    public IReadOnlyList<IConnectorExecutor> All => ordered;

    public bool TryGet(string id, [NotNullWhen(true)] out IConnectorExecutor? executor) => byId.TryGetValue(id, out executor);

    public IConnectorExecutor Get(string id) => TryGet(id, out var executor)
        ? executor
        : throw new ConnectorValidationException(
            $"Action type \"{id}\" is not registered.",
            [new ConnectorValidationError("connector_type_id", $"Action type \"{id}\" is not registered.")]);

    private static void Check(ConnectorTypeDefinition definition)
    {
        if (string.IsNullOrWhiteSpace(definition.Id))
        {
            throw new InvalidOperationException("A connector type definition needs an Id.");
        }

        if (definition.SupportedFeatureIds is not { Count: > 0 })
        {
            throw new InvalidOperationException(
                $"At least one \"supportedFeatureId\" value must be supplied for connector type \"{definition.Id}\".");
        }

        var tooLong = definition.SupportedFeatureIds.Where(f => f.Length > 100).ToList();
        if (tooLong.Count > 0)
        {
            throw new InvalidOperationException(
                $"Feature IDs for connector type \"{definition.Id}\" must not exceed 100 characters.");
        }

        var unknown = definition.SupportedFeatureIds.Where(f => !ConnectorFeatureIds.All.Contains(f)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"Invalid feature ids \"{string.Join(',', unknown)}\" for connector type \"{definition.Id}\".");
        }
    }
}
