using System.Text.Json.Nodes;

namespace Connectors.ConnectorTypes.Mcp;

/// <summary>
/// Kibana's <c>listTools</c> cache: at most <see cref="MaxEntries"/> tool lists, each kept for <see cref="TimeToLive"/>
/// (never served stale), least recently used evicted first. Keyed by connector id and a hash of its server URL, headers
/// and auth; time comes from the caller's <see cref="TimeProvider"/>. Callers get copies.
/// </summary>
internal sealed class McpToolsCache
{
    public const int MaxEntries = 100;
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(15);

    private readonly Dictionary<string, LinkedListNode<Entry>> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> recency = new();
    private readonly Lock gate = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public static string KeyOf(string connectorId, McpHeaders headers) => $"{connectorId}:{headers.CacheKeyHash}";

    /// <summary>The cached list, if one was stored less than <see cref="TimeToLive"/> before <paramref name="now"/>.</summary>
    public JsonObject? Get(string key, DateTimeOffset now)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var node))
            {
                return null;
            }

            if (now >= node.Value.ExpiresAt)
            {
                entries.Remove(key);
                recency.Remove(node);
                return null;
            }

            recency.Remove(node);
            recency.AddFirst(node);
            return (JsonObject)node.Value.Tools.DeepClone();
        }
    }

    /// <summary>Stores a list (a copy of it) until <paramref name="now"/> + <see cref="TimeToLive"/>.</summary>
    public void Set(string key, JsonObject tools, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var entry = new Entry(key, (JsonObject)tools.DeepClone(), now + TimeToLive);
        lock (gate)
        {
            if (entries.Remove(key, out var existing))
            {
                recency.Remove(existing);
            }

            while (entries.Count >= MaxEntries && recency.Last is { } oldest)
            {
                entries.Remove(oldest.Value.Key);
                recency.RemoveLast();
            }

            entries[key] = recency.AddFirst(entry);
        }
    }

    private sealed record Entry(string Key, JsonObject Tools, DateTimeOffset ExpiresAt);
}
