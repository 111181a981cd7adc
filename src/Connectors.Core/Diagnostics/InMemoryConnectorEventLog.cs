using Microsoft.Extensions.Options;

namespace Connectors.Internal;

/// <summary>A bounded in-memory event log: a ring of the latest events.</summary>
internal sealed class InMemoryConnectorEventLog : IConnectorEventLog
{
    private readonly Lock gate = new();
    // The fields of each event, not the event objects: the ring lives long, so holding the objects would make every
    // garbage collection promote the two events of each execute. Events are rebuilt when queried.
    private readonly Slot[] ring;
    private long count;

    public InMemoryConnectorEventLog(IOptions<ConnectorsOptions> options)
    {
        ring = new Slot[Math.Max(1, options.Value.EventLogCapacity)];
    }

    public void Append(ConnectorEvent connectorEvent)
    {
        lock (gate)
        {
            ring[count % ring.Length] = new Slot(connectorEvent);
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

    private readonly struct Slot(ConnectorEvent e)
    {
        private readonly DateTimeOffset timestamp = e.Timestamp;
        private readonly string action = e.Action;
        private readonly string? outcome = e.Outcome;
        private readonly string? executionId = e.ExecutionId;
        private readonly string connectorId = e.ConnectorId;
        private readonly string? connectorTypeId = e.ConnectorTypeId;
        private readonly string? connectorName = e.ConnectorName;
        private readonly string spaceId = e.SpaceId;
        private readonly bool isPreconfigured = e.IsPreconfigured;
        private readonly string? message = e.Message;
        private readonly string? errorMessage = e.ErrorMessage;
        private readonly ErrorSource? errorSource = e.ErrorSource;
        private readonly DateTimeOffset? start = e.Start;
        private readonly DateTimeOffset? end = e.End;
        private readonly TimeSpan? duration = e.Duration;
        private readonly TokenUsage? tokenUsage = e.TokenUsage;

        public ConnectorEvent ToEvent() => new()
        {
            Timestamp = timestamp,
            Action = action,
            Outcome = outcome,
            ExecutionId = executionId,
            ConnectorId = connectorId,
            ConnectorTypeId = connectorTypeId,
            ConnectorName = connectorName,
            SpaceId = spaceId,
            IsPreconfigured = isPreconfigured,
            Message = message,
            ErrorMessage = errorMessage,
            ErrorSource = errorSource,
            Start = start,
            End = end,
            Duration = duration,
            TokenUsage = tokenUsage,
        };
    }
}
