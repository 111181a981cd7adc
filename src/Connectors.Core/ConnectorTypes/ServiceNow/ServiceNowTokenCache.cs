using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.ServiceNow;

/// <summary>
/// Kibana's <c>connector_token</c> for ServiceNow's OAuth JWT flow (<c>get_oauth_jwt_access_token.ts</c>): one cached
/// <c>Authorization</c> value per connector, expiring at <c>request start + expires_in</c>; dropped on any 4xx.
/// </summary>
internal sealed class ServiceNowTokenCache
{
    private readonly ConcurrentDictionary<string, CachedToken> tokens = new(StringComparer.Ordinal);

    /// <summary>The cached header value if it has not expired.</summary>
    public string? TryGet(string connectorId, DateTimeOffset now) =>
        tokens.TryGetValue(connectorId, out var token) && token.ExpiresAt > now ? token.HeaderValue : null;

    public void Set(string connectorId, string headerValue, DateTimeOffset expiresAt) =>
        tokens[connectorId] = new CachedToken(headerValue, expiresAt);

    public void Drop(string connectorId) => tokens.TryRemove(connectorId, out _);

    /// <summary>The <c>Authorization</c> value: the cached token, or a new one from <c>oauth_token.do</c> with a fresh JWT assertion.</summary>
    public async Task<string> GetAsync(
        ConnectorExecutionContext context, ServiceNowConfig config, ServiceNowSecrets secrets, CancellationToken cancellationToken)
    {
        var start = context.TimeProvider.GetUtcNow();
        if (TryGet(context.ConnectorId, start) is { } cached)
        {
            return cached;
        }

        var assertion = CreateAssertion(config, secrets, start);
        var form = "assertion=" + Uri.EscapeDataString(assertion)
            + "&client_id=" + FormEncode(config.ClientId!)
            + "&client_secret=" + FormEncode(secrets.ClientSecret!)
            + "&grant_type=" + FormEncode("urn:ietf:params:oauth:grant-type:jwt-bearer");
        using var request = new HttpRequestMessage(HttpMethod.Post, ServiceNowService.BaseUrl(config) + "/oauth_token.do")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(form)),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
        using var response = await context.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = HttpResults.ParseBody(await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false));
        var status = (int)response.StatusCode;
        if (status != 200)
        {
            throw new ServiceNowTokenException(body?.ToJsonString(HttpResults.JsonOptions) ?? string.Empty, body, status);
        }

        var tokenType = Text(body?["token_type"]);
        var accessToken = Text(body?["access_token"]);
        if (string.IsNullOrEmpty(tokenType) || string.IsNullOrEmpty(accessToken))
        {
            throw new ServiceNowTokenException($"Unable to retrieve access token for connectorId: {context.ConnectorId}", null, null);
        }

        var expiresIn = body?["expires_in"] is JsonValue e && e.GetValueKind() == JsonValueKind.Number ? e.GetValue<double>()
            : body?["expires_in"] is JsonValue es && double.TryParse(es.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : 3600;
        var header = $"{tokenType} {accessToken}";
        Set(context.ConnectorId, header, start.AddSeconds(expiresIn));
        return header;
    }

    /// <summary>
    /// <c>createJWTAssertion</c>: RS256 over <c>{sub, aud, iss, iat, exp}</c> with <c>kid</c> in the header; the PEM key
    /// decrypted with <c>privateKeyPassword</c> when set. The error never carries the key.
    /// </summary>
    internal static string CreateAssertion(ServiceNowConfig config, ServiceNowSecrets secrets, DateTimeOffset now)
    {
        try
        {
            using var rsa = RSA.Create();
            if (string.IsNullOrEmpty(secrets.PrivateKeyPassword))
            {
                rsa.ImportFromPem(secrets.PrivateKey);
            }
            else
            {
                rsa.ImportFromEncryptedPem(secrets.PrivateKey, secrets.PrivateKeyPassword);
            }

            var iat = now.ToUnixTimeSeconds();
            var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = config.JwtKeyId };
            var payload = new JsonObject
            {
                ["sub"] = config.UserIdentifierValue,
                ["aud"] = config.ClientId,
                ["iss"] = config.ClientId,
                ["iat"] = iat,
                ["exp"] = iat + 3600,
            };
            var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString(HttpResults.JsonOptions)))
                + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString(HttpResults.JsonOptions)));
            var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return signingInput + "." + Base64Url(signature);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new ServiceNowTokenException($"Unable to generate JWT token. Error: {ex.GetType().Name}: the private key could not be read", null, null);
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary><c>URLSearchParams</c> encoding: unreserved kept, space as <c>+</c>, the rest percent-encoded.</summary>
    private static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : node?.ToJsonString();

    private sealed record CachedToken(string HeaderValue, DateTimeOffset ExpiresAt);
}

/// <summary>A failed token exchange: Kibana throws <c>Error(JSON of the response body)</c>; the status is kept for classification.</summary>
internal sealed class ServiceNowTokenException(string message, JsonNode? body, int? status) : Exception(message)
{
    public JsonNode? Body { get; } = body;

    public int? Status { get; } = status;
}
