namespace Connectors;

/// <summary>A filter over the event log; every criterion left <see langword="null"/> matches everything.</summary>
public sealed record ConnectorEventQuery
{
    /// <summary>Only this connector's events.</summary>
    public string? ConnectorId { get; init; }

    /// <summary>Only this space's events.</summary>
    public string? SpaceId { get; init; }

    /// <summary>Only this outcome (<c>success</c> or <c>failure</c>).</summary>
    public string? Outcome { get; init; }

    /// <summary>Only this action (for example <c>execute</c>).</summary>
    public string? Action { get; init; }

    /// <summary>Only events at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only events before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>At most this many events (the latest).</summary>
    /// <value>The default value is 1,000.</value>
    public int Limit { get; init; } = 1_000;
}
