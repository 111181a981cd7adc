using System.Collections.Concurrent;

namespace Connectors.Internal;

/// <summary>An access token and when it expires.</summary>
internal sealed record OAuthToken(string Value, DateTimeOffset ExpiresAt);

/// <summary>
/// OAuth2 access tokens cached per connector until shortly before they expire; dropped on a 4xx. Concurrent callers
/// that find no valid token share one fetch (single flight).
/// </summary>
internal sealed class OAuthTokenCache(TimeProvider timeProvider)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, OAuthToken> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<OAuthToken>>> pending = new(StringComparer.Ordinal);

    /// <summary>
    /// The cached token, or a new one from <paramref name="fetch"/>. A fetch already under way for the key is joined;
    /// it runs to its end even if the caller that started it gives up (it is bounded by the HTTP client's timeout).
    /// </summary>
    public async ValueTask<string> GetAsync(string key, Func<CancellationToken, Task<OAuthToken>> fetch, CancellationToken cancellationToken)
    {
        if (tokens.TryGetValue(key, out var cached) && cached.ExpiresAt - Margin > timeProvider.GetUtcNow())
        {
            return cached.Value;
        }

        var flight = pending.GetOrAdd(key, k => new Lazy<Task<OAuthToken>>(() => FetchAsync(k, fetch)));
        var task = flight.Value;
        _ = task.ContinueWith(
            _ => pending.TryRemove(new KeyValuePair<string, Lazy<Task<OAuthToken>>>(key, flight)),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return (await task.WaitAsync(cancellationToken).ConfigureAwait(false)).Value;
    }

    public void Remove(string key) => tokens.TryRemove(key, out _);

    /// <summary>
    /// Drops the cached token only if it is still <paramref name="value"/> (a token a 401 rejected); a token another
    /// caller fetched meanwhile is kept.
    /// </summary>
    public void Invalidate(string key, string value)
    {
        if (tokens.TryGetValue(key, out var cached) && cached.Value == value)
        {
            tokens.TryRemove(new KeyValuePair<string, OAuthToken>(key, cached));
        }
    }

    private async Task<OAuthToken> FetchAsync(string key, Func<CancellationToken, Task<OAuthToken>> fetch)
    {
        var token = await fetch(CancellationToken.None).ConfigureAwait(false);
        tokens[key] = token;
        return token;
    }
}
