using System.Text.Json.Nodes;

namespace Connectors;

/// <summary>
/// The outcome of a write: the bulk response (Elasticsearch's shape: <c>errors</c> and one <c>items</c> entry per
/// document, with <c>error.reason</c> on failed items) or the failure of the whole request.
/// </summary>
public sealed record IndexWriteResult
{
    private IndexWriteResult()
    {
    }

    /// <summary>The bulk response, when the request completed (some items may still have failed).</summary>
    public JsonObject? Response { get; private init; }

    /// <summary>Why the request as a whole failed, when it did. Never carries a credential.</summary>
    public string? Failure { get; private init; }

    /// <summary>Whether the failure is transient (for example HTTP 429 or 5xx).</summary>
    public RetryHint? Retry { get; private init; }

    /// <summary>A completed request.</summary>
    /// <param name="response">The bulk response.</param>
    /// <returns>The result.</returns>
    public static IndexWriteResult Completed(JsonObject response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new() { Response = response };
    }

    /// <summary>A request that failed as a whole.</summary>
    /// <param name="failure">What went wrong.</param>
    /// <param name="retry">The retry hint, when transient.</param>
    /// <returns>The result.</returns>
    public static IndexWriteResult Failed(string failure, RetryHint? retry = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new() { Failure = failure, Retry = retry };
    }
}
