using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Connectors;

/// <summary>
/// An in-process index for the <c>.index</c> connector (the default when no Elasticsearch URL is configured): keeps
/// every document written, by index, and answers like Elasticsearch's bulk API. Resolve it from the services to
/// read what was indexed.
/// </summary>
public sealed class InMemoryIndexDocumentWriter : IIndexDocumentWriter
{
    private readonly ConcurrentDictionary<string, List<IndexedDocument>> indices = new(StringComparer.Ordinal);
    private long sequence;

    /// <summary>The names of the indices written to so far.</summary>
    public IReadOnlyCollection<string> Indices => [.. indices.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The documents of an index, in the order written (copies).</summary>
    /// <param name="index">The index name.</param>
    /// <returns>The documents; empty for an unknown index.</returns>
    public IReadOnlyList<IndexedDocument> GetDocuments(string index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (!indices.TryGetValue(index, out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list.Select(d => d with { Source = (JsonObject)d.Source.DeepClone() })];
        }
    }

    /// <summary>Removes every document of every index.</summary>
    public void Clear() => indices.Clear();

    /// <inheritdoc/>
    public ValueTask<IndexWriteResult> WriteAsync(IndexWriteRequest request, ConnectorExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var list = indices.GetOrAdd(request.Index, _ => []);
        var items = new JsonArray();
        lock (list)
        {
            foreach (var document in request.Documents)
            {
                var id = Interlocked.Increment(ref sequence).ToString(System.Globalization.CultureInfo.InvariantCulture);
                list.Add(new IndexedDocument(request.Index, id, (JsonObject)document.DeepClone()));
                items.Add(new JsonObject
                {
                    ["create"] = new JsonObject
                    {
                        ["_index"] = request.Index,
                        ["_id"] = id,
                        ["_version"] = 1,
                        ["result"] = "created",
                        ["status"] = 201,
                    },
                });
            }
        }

        return ValueTask.FromResult(IndexWriteResult.Completed(new JsonObject { ["errors"] = false, ["took"] = 0, ["items"] = items }));
    }
}
