namespace Connectors;

/// <summary>
/// Whether and when a failed execution may be retried: "retry later" or "retry at" a time (Kibana's
/// <c>retry: true | Date</c>). A result without a hint should not be retried.
/// </summary>
public sealed record RetryHint
{
    private RetryHint(DateTimeOffset? retryAt) => RetryAt = retryAt;

    /// <summary>Retry later, with the caller's own backoff.</summary>
    public static RetryHint Later { get; } = new((DateTimeOffset?)null);

    /// <summary>The time to retry at, when the service said (for example with <c>Retry-After</c>); otherwise <see langword="null"/>.</summary>
    public DateTimeOffset? RetryAt { get; }

    /// <summary>Retry at the given time.</summary>
    /// <param name="retryAt">When to retry.</param>
    /// <returns>The hint.</returns>
    public static RetryHint At(DateTimeOffset retryAt) => new(retryAt);

    /// <inheritdoc/>
    public override string ToString() => RetryAt is { } at ? $"retry at {at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}" : "retry: true";
}
