using System.Text.Json.Nodes;

namespace Connectors;

/// <summary>The outcome of an execution (Kibana's <c>ActionTypeExecutorResult</c>).</summary>
public sealed record ConnectorResult
{
    /// <summary>Ok or error.</summary>
    public ConnectorResultStatus Status { get; init; }

    /// <summary>The connector id.</summary>
    public required string ConnectorId { get; init; }

    /// <summary>A human-readable error message (Kibana's texts); <see langword="null"/> on success.</summary>
    public string? Message { get; init; }

    /// <summary>The detail the remote service or the failure gave, if any. Never carries a secret.</summary>
    public string? ServiceMessage { get; init; }

    // The data, or a remote body parsed when Data is first read (DeferredJson): most callers never look at it.
    private object? data;

    /// <summary>The type's result data (for example the remote response), if any.</summary>
    /// <remarks>
    /// A remote JSON answer may be kept as received and parsed the first time this is read: once, thread-safely, and
    /// every read (and every copy of the result) returns the same node.
    /// </remarks>
    public JsonNode? Data
    {
        get => data is Internal.DeferredJson deferred ? deferred.Value : (JsonNode?)data;
        init => data = value;
    }

    /// <summary>
    /// The streamed response of a streaming sub-action (for example an LLM's <c>invokeStream</c>), read once with
    /// <c>await foreach</c>; <see langword="null"/> otherwise. The execution's event-log entry is written when the
    /// stream ends or is disposed.
    /// </summary>
    public ConnectorStream? Stream { get; init; }

    /// <summary>Whether and when to retry; <see langword="null"/>: do not retry.</summary>
    public RetryHint? Retry { get; init; }

    /// <summary>Who caused a failure; <see langword="null"/> on success.</summary>
    public ErrorSource? ErrorSource { get; init; }

    /// <summary>Whether the status is <see cref="ConnectorResultStatus.Ok"/>.</summary>
    public bool IsSuccess => Status == ConnectorResultStatus.Ok;

    /// <summary>A successful result.</summary>
    /// <param name="connectorId">The connector id.</param>
    /// <param name="data">The result data, if any.</param>
    /// <returns>The result.</returns>
    public static ConnectorResult Ok(string connectorId, JsonNode? data = null) =>
        new() { Status = ConnectorResultStatus.Ok, ConnectorId = connectorId, Data = data };

    /// <summary>A successful result whose data is a remote JSON body, parsed when <see cref="Data"/> is first read.</summary>
    internal static ConnectorResult Ok(string connectorId, Internal.DeferredJson data) =>
        new() { Status = ConnectorResultStatus.Ok, ConnectorId = connectorId, data = data };

    /// <summary>A failed result.</summary>
    /// <param name="connectorId">The connector id.</param>
    /// <param name="message">The error message.</param>
    /// <param name="serviceMessage">The remote detail, if any.</param>
    /// <param name="retry">The retry hint, if the failure is transient.</param>
    /// <param name="errorSource">Who caused the failure.</param>
    /// <returns>The result.</returns>
    public static ConnectorResult Error(
        string connectorId,
        string message,
        string? serviceMessage = null,
        RetryHint? retry = null,
        ErrorSource errorSource = Connectors.ErrorSource.Framework) =>
        new()
        {
            Status = ConnectorResultStatus.Error,
            ConnectorId = connectorId,
            Message = message,
            ServiceMessage = serviceMessage,
            Retry = retry,
            ErrorSource = errorSource,
        };
}
