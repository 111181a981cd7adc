namespace Connectors.Internal;

/// <summary>
/// The fields of a <see cref="ConnectorEvent"/> as a value: what the in-memory event log keeps in its ring (holding the
/// event objects would make every garbage collection promote the two events of each execute), and what the pipeline
/// hands it without making an event object.
/// </summary>
internal struct ConnectorEventFields
{
    public DateTimeOffset Timestamp;
    public string Action;
    public string? Outcome;
    public string? ExecutionId;

    /// <summary>
    /// The execution id as a value. The pipeline sets it beside <see cref="ExecutionId"/> (the same id); the in-memory
    /// ring keeps only the value (<see cref="Compact"/>): the id string of each execute is young, and a ring entry
    /// referring to it would make every garbage collection promote it and scan the ring's dirty cards.
    /// </summary>
    public Guid ExecutionGuid;
    public string ConnectorId;
    public string? ConnectorTypeId;
    public string? ConnectorName;
    public string SpaceId;
    public bool IsPreconfigured;
    public string? Message;
    public string? ErrorMessage;
    public ErrorSource? ErrorSource;
    public DateTimeOffset? Start;
    public DateTimeOffset? End;
    public TimeSpan? Duration;
    public TokenUsage? TokenUsage;

    public static ConnectorEventFields From(ConnectorEvent e) => new()
    {
        Timestamp = e.Timestamp,
        Action = e.Action,
        Outcome = e.Outcome,
        ExecutionId = e.ExecutionId,
        ConnectorId = e.ConnectorId,
        ConnectorTypeId = e.ConnectorTypeId,
        ConnectorName = e.ConnectorName,
        SpaceId = e.SpaceId,
        IsPreconfigured = e.IsPreconfigured,
        Message = e.Message,
        ErrorMessage = e.ErrorMessage,
        ErrorSource = e.ErrorSource,
        Start = e.Start,
        End = e.End,
        Duration = e.Duration,
        TokenUsage = e.TokenUsage,
    };

    /// <summary>
    /// These fields with a canonical execution id (a lowercase GUID in the 8-4-4-4-12 form, as the pipeline makes them)
    /// held as a <see cref="Guid"/> instead of its string; <see cref="ToEvent"/> gives back the same text.
    /// </summary>
    public readonly ConnectorEventFields Compact()
    {
        var compact = this;
        if (ExecutionGuid != Guid.Empty)
        {
            // The pipeline's fields carry both forms of its id.
            compact.ExecutionId = null;
        }
        else if (ExecutionId is { Length: 36 } id && id.AsSpan().IndexOfAnyInRange('A', 'Z') < 0
            && Guid.TryParseExact(id, "D", out var guid) && guid != Guid.Empty)
        {
            compact.ExecutionId = null;
            compact.ExecutionGuid = guid;
        }

        return compact;
    }

    public readonly ConnectorEvent ToEvent() => new()
    {
        Timestamp = Timestamp,
        Action = Action,
        Outcome = Outcome,
        ExecutionId = ExecutionId ?? (ExecutionGuid == Guid.Empty ? null : ExecutionGuid.ToString()),
        ConnectorId = ConnectorId,
        ConnectorTypeId = ConnectorTypeId,
        ConnectorName = ConnectorName,
        SpaceId = SpaceId,
        IsPreconfigured = IsPreconfigured,
        Message = Message,
        ErrorMessage = ErrorMessage,
        ErrorSource = ErrorSource,
        Start = Start,
        End = End,
        Duration = Duration,
        TokenUsage = TokenUsage,
    };
}
