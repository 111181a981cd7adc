using Microsoft.Extensions.Options;

namespace Connectors.Internal;

/// <summary>A bounded in-memory event log: a ring of the latest events.</summary>
internal sealed class InMemoryConnectorEventLog : IConnectorEventLog
{
    private readonly Lock gate = new();
    // The fields of each event, not the event objects: the ring lives long, so holding the objects would make every
    // garbage collection promote the two events of each execute. Events are rebuilt when queried. Execution ids are kept
    // as GUID values (ConnectorEventFields.Compact) for the same reason: each is a young string.
    private readonly ConnectorEventFields[] ring;
    private long count;

    public InMemoryConnectorEventLog(IOptions<ConnectorsOptions> options)
    {
        ring = new ConnectorEventFields[Math.Max(1, options.Value.EventLogCapacity)];
    }

    public void Append(ConnectorEvent connectorEvent)
    {
        ArgumentNullException.ThrowIfNull(connectorEvent);
        Append(ConnectorEventFields.From(connectorEvent));
    }

    /// <summary>Appends an event given as its fields (the pipeline's path: no event object is made).</summary>
    public void Append(in ConnectorEventFields fields)
    {
        var compact = fields.Compact();
        lock (gate)
        {
            ring[count % ring.Length] = compact;
            count++;
        }
    }

    public ValueTask<IReadOnlyList<ConnectorEvent>> QueryAsync(ConnectorEventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        ConnectorEvent[] snapshot;
        lock (gate)
        {
            var n = (int)Math.Min(count, ring.Length);
            snapshot = new ConnectorEvent[n];
            for (var i = 0; i < n; i++)
            {
                snapshot[i] = ring[(count - n + i) % ring.Length].ToEvent();
            }
        }

        var matches = snapshot.Where(e =>
            (query.ConnectorId is null || e.ConnectorId == query.ConnectorId)
            && (query.SpaceId is null || e.SpaceId == query.SpaceId)
            && (query.Outcome is null || e.Outcome == query.Outcome)
            && (query.Action is null || e.Action == query.Action)
            && (query.From is null || e.Timestamp >= query.From)
            && (query.To is null || e.Timestamp < query.To)).ToList();
        IReadOnlyList<ConnectorEvent> result = matches.Count > query.Limit ? matches[^query.Limit..] : matches;
        return ValueTask.FromResult(result);
    }
}
