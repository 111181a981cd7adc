namespace Connectors;

/// <summary>
/// One event-log entry (Kibana's <c>actions</c> provider document, flattened). Never carries a secret.
/// </summary>
public sealed record ConnectorEvent
{
    /// <summary>When the event was written.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>
    /// What happened: <see cref="ConnectorEventActions.ExecuteStart"/>, <see cref="ConnectorEventActions.Execute"/>,
    /// <see cref="ConnectorEventActions.ExecuteTimeout"/>, <see cref="ConnectorEventActions.ValidationFailure"/> or
    /// <see cref="ConnectorEventActions.PolicyRefusal"/>.
    /// </summary>
    public required string Action { get; init; }

    /// <summary><c>success</c> or <c>failure</c> on <c>execute</c> and refusals; <see langword="null"/> otherwise.</summary>
    public string? Outcome { get; init; }

    /// <summary>The execution id, shared by the start and the end of one execution.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>The connector id.</summary>
    public required string ConnectorId { get; init; }

    /// <summary>The connector type id.</summary>
    public string? ConnectorTypeId { get; init; }

    /// <summary>The connector name.</summary>
    public string? ConnectorName { get; init; }

    /// <summary>The space.</summary>
    public required string SpaceId { get; init; }

    /// <summary>Whether the connector is preconfigured (Kibana's <c>space_agnostic</c>).</summary>
    public bool IsPreconfigured { get; init; }

    /// <summary>Kibana's event message, for example <c>action executed: .webhook:my-id: My hook</c>.</summary>
    public string? Message { get; init; }

    /// <summary>The error message of a failure (Kibana's <c>actionErrorToMessage</c>).</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Who caused a failure.</summary>
    public ErrorSource? ErrorSource { get; init; }

    /// <summary>When the execution started.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>When the execution ended.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>How long the execution took.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>
    /// The tokens an LLM call used (Kibana's <c>kibana.action.execution.gen_ai.usage</c>), on the <c>execute</c>
    /// entry of the LLM types; <see langword="null"/> otherwise.
    /// </summary>
    public TokenUsage? TokenUsage { get; init; }
}
