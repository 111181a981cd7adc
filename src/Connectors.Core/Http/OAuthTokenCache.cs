using System.Collections.Concurrent;

namespace Connectors.Internal;

/// <summary>An access token and when it expires.</summary>
internal sealed record OAuthToken(string Value, DateTimeOffset ExpiresAt);

/// <summary>OAuth2 access tokens cached per connector until shortly before they expire; dropped on a 4xx.</summary>
internal sealed class OAuthTokenCache(TimeProvider timeProvider)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, OAuthToken> tokens = new(StringComparer.Ordinal);

    public async ValueTask<string> GetAsync(string key, Func<CancellationToken, Task<OAuthToken>> fetch, CancellationToken cancellationToken)
    {
        if (tokens.TryGetValue(key, out var cached) && cached.ExpiresAt - Margin > timeProvider.GetUtcNow())
        {
            return cached.Value;
        }

        var token = await fetch(cancellationToken).ConfigureAwait(false);
        tokens[key] = token;
        return token.Value;
    }

    public void Remove(string key) => tokens.TryRemove(key, out _);
}
