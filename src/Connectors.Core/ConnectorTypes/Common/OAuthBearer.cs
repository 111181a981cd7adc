using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Internal;
using Microsoft.Extensions.Logging;

namespace Connectors.ConnectorTypes.Common;

/// <summary>
/// Bearer-token calls of the endpoint-security connectors (Kibana's <c>CrowdStrikeTokenManager</c> and Defender's
/// <c>OAuthTokenManager</c>): the token is cached per connector and credentials, fetched once for concurrent callers,
/// and an HTTP 401 drops the rejected token, fetches a new one and sends the request exactly once more.
/// </summary>
internal static partial class OAuthBearer
{
    /// <summary>Sends with the cached (or a new) token; on a 401, once more with a new token.</summary>
    public static async Task<T> SendAsync<T>(
        ConnectorExecutionContext context,
        OAuthTokenCache tokens,
        string key,
        Func<CancellationToken, Task<OAuthToken>> fetch,
        Func<string, Task<T>> send,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(send);
        var token = await tokens.GetAsync(key, fetch, cancellationToken).ConfigureAwait(false);
        try
        {
            return await send(token).ConfigureAwait(false);
        }
        catch (SubActionException ex) when (ex.Status == 401)
        {
            ReauthenticatingAfter401(context.Logger, context.ConnectorId);
            tokens.Invalidate(key, token);
            token = await tokens.GetAsync(key, fetch, cancellationToken).ConfigureAwait(false);
            return await send(token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The cache key: space, connector id and a digest of everything the token depends on, so that new credentials
    /// never reuse an old token.
    /// </summary>
    public static string Key(Connector connector, params string[] material)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', material))));
        return $"{connector.ConnectorTypeId}/{connector.SpaceId}/{connector.Id}/{digest}";
    }

    /// <summary><c>connector_token</c>'s expiry: request start + <c>expires_in</c> seconds (3600 when missing).</summary>
    public static DateTimeOffset ExpiresAt(DateTimeOffset requestStart, JsonNode? expiresIn)
    {
        var seconds = expiresIn switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
            JsonValue v when v.GetValueKind() == JsonValueKind.String
                && double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => 3600,
        };
        return requestStart.AddSeconds(seconds);
    }

    /// <summary>A string property of a token response, or <see langword="null"/>.</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    [LoggerMessage(EventId = 430, Level = LogLevel.Warning,
        Message = "connector {ConnectorId}: received HTTP 401 (Unauthorized). Re-generating new access token and trying again")]
    private static partial void ReauthenticatingAfter401(ILogger logger, string connectorId);
}
