using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Connectors.Internal;

/// <summary>Identifies one version of a connector's stored config and secrets.</summary>
internal readonly record struct ConnectorVersionKey(string SpaceId, string Id, long Version, bool IsPreconfigured);

/// <summary>
/// The validated (bound) config and secrets of each connector version, so that executing a connector again does not
/// validate and bind them again. An entry is dropped when the connector changes (its version does) and the whole
/// cache when the options change, because the custom checks read the policy (allowed hosts, email allowlists).
/// </summary>
internal sealed class BoundConnectorCache : IDisposable
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<(string TypeId, ConnectorVersionKey Key), Entry> entries = new();
    private readonly IDisposable? subscription;

    public BoundConnectorCache(IOptionsMonitor<ConnectorsOptions> options)
    {
        subscription = options.OnChange((_, _) =>
        {
            Interlocked.Increment(ref generation);
            entries.Clear();
        });
    }

    // Counts option changes: a binding kept on a resolved connector is good for the generation it was made in.
    private long generation;

    /// <summary>
    /// <see cref="GetOrBind(ConnectorTypeDefinition, ConnectorVersionKey, JsonObject, JsonObject, bool, ConnectorValidationContext)"/>
    /// for a resolved connector: a shared (stored, immutable) version keeps its binding on itself, so that the next
    /// execute of the same version finds it without a lookup, until the options change. A binding is this cache's only
    /// (a store shared by two hosts shares its resolved connectors, not their options).
    /// </summary>
    public (object Config, object Secrets) GetOrBind(ConnectorTypeDefinition type, ResolvedConnector resolved, ConnectorValidationContext validationContext)
    {
        var current = Interlocked.Read(ref generation);
        if (resolved.Shared && resolved.Binding is { } kept && ReferenceEquals(kept.Owner, this) && kept.Generation == current && ReferenceEquals(kept.Type, type))
        {
            return kept.Bound;
        }

        var bound = GetOrBind(type, resolved.Key, resolved.Config, resolved.Secrets, resolved.Shared, validationContext);
        if (resolved.Shared)
        {
            resolved.Binding = new ResolvedConnector.KeptBinding(this, current, type, bound);
        }

        return bound;
    }

    public (object Config, object Secrets) GetOrBind(
        ConnectorTypeDefinition type,
        ConnectorVersionKey key,
        JsonObject config,
        JsonObject secrets,
        bool shared,
        ConnectorValidationContext validationContext)
    {
        // The version alone is not enough: a connector deleted and created again starts at version 1 again. Shared
        // (immutable) config and secrets that are the very instances bound before need no comparison.
        if (entries.TryGetValue((type.Id, key), out var entry)
            && ((shared && ReferenceEquals(entry.SharedConfig, config) && ReferenceEquals(entry.SharedSecrets, secrets))
                || (JsonNode.DeepEquals(entry.RawConfig, config) && JsonNode.DeepEquals(entry.RawSecrets, secrets))))
        {
            return entry.Bound;
        }

        var bound = SchemaValidation.BindConnector(type, config, secrets, validationContext);
        if (entries.Count >= Capacity)
        {
            entries.Clear();
        }

        entries[(type.Id, key)] = new Entry(
            config.DeepClone(), secrets.DeepClone(), shared ? config : null, shared ? secrets : null, bound);
        return bound;
    }

    public void Dispose() => subscription?.Dispose();

    private sealed record Entry(
        JsonNode RawConfig, JsonNode RawSecrets, JsonObject? SharedConfig, JsonObject? SharedSecrets, (object Config, object Secrets) Bound);
}
