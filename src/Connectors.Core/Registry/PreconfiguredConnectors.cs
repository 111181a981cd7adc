using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Connectors.Internal;

/// <summary>A preconfigured connector, as read from options.</summary>
internal sealed record PreconfiguredConnector(
    string Id,
    string Name,
    string ConnectorTypeId,
    JsonObject Config,
    JsonObject Secrets,
    bool ExposeConfig);

/// <summary>
/// The preconfigured connectors (Kibana's in-memory connectors), visible in every space. Config and secrets are typed
/// by the connector type's schemas: configuration holds every value as a string (<c>"port": "465"</c>,
/// <c>"secure": "True"</c>), where kibana.yml gives numbers and booleans, so they are read here as Kibana reads them.
/// </summary>
internal sealed class PreconfiguredConnectors
{
    private readonly Dictionary<string, PreconfiguredConnector> byId = new(StringComparer.Ordinal);

    public PreconfiguredConnectors(IOptions<ConnectorsOptions> options, ConnectorTypeRegistry types)
    {
        foreach (var (id, entry) in options.Value.Preconfigured)
        {
            var config = entry.Config.DeepClone().AsObject();
            var secrets = entry.Secrets.DeepClone().AsObject();
            if (types.TryGet(entry.ActionTypeId, out var executor))
            {
                config = executor.Definition.Config.Coerce(config);
                secrets = executor.Definition.Secrets.Coerce(secrets);
            }

            byId[id] = new PreconfiguredConnector(id, entry.Name, entry.ActionTypeId, config, secrets, entry.ExposeConfig);
        }
    }

    public IEnumerable<PreconfiguredConnector> All => byId.Values;

    public bool TryGet(string id, out PreconfiguredConnector connector) => byId.TryGetValue(id, out connector!);

    public bool Contains(string id) => byId.ContainsKey(id);
}
