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

/// <summary>The preconfigured connectors (Kibana's in-memory connectors), visible in every space.</summary>
internal sealed class PreconfiguredConnectors
{
    private readonly Dictionary<string, PreconfiguredConnector> byId = new(StringComparer.Ordinal);

    public PreconfiguredConnectors(IOptions<ConnectorsOptions> options)
    {
        foreach (var (id, entry) in options.Value.Preconfigured)
        {
            byId[id] = new PreconfiguredConnector(
                id,
                entry.Name,
                entry.ActionTypeId,
                entry.Config.DeepClone().AsObject(),
                entry.Secrets.DeepClone().AsObject(),
                entry.ExposeConfig);
        }
    }

    public IEnumerable<PreconfiguredConnector> All => byId.Values;

    public bool TryGet(string id, out PreconfiguredConnector connector) => byId.TryGetValue(id, out connector!);

    public bool Contains(string id) => byId.ContainsKey(id);
}
