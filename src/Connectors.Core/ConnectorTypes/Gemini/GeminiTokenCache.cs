using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.Gemini;

/// <summary>
/// Kibana's <c>getGoogleOAuthJwtAccessToken</c>: a Google OAuth2 access token for the service account, from an RS256
/// JWT assertion (<c>iss</c> the account's email, <c>scope</c> cloud-platform, <c>aud</c> its <c>token_uri</c>, one hour)
/// exchanged at <c>token_uri</c>, and cached per connector for 3500 seconds from the request (Kibana's
/// <c>connector_token</c>). One exchange at a time per connector.
/// </summary>
internal sealed class GeminiTokenCache
{
    public const string Scope = "https://www.googleapis.com/auth/cloud-platform";
    public const string DefaultTokenUri = "https://oauth2.googleapis.com/token";
    public const int ExpiresInSeconds = 3500;
    private const string Prefix = "Unable to retrieve access token. Ensure the service account has the right permissions and the Vertex AI endpoint is enabled in the GCP project. Error: ";

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset ExpiresAt)> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    /// <summary>The cached token of a connector (keyed with the key file's hash, so new credentials get a new token).</summary>
    public async Task<string> GetAsync(ConnectorExecutionContext context, GeminiSecrets secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(secrets);
        JsonObject? credentials;
        try
        {
            credentials = JsonNode.Parse(secrets.CredentialsJson) as JsonObject;
        }
        catch (JsonException)
        {
            throw new SubActionException("Failed to parse credentials JSON file: Invalid JSON format");
        }

        var key = Key(context.ConnectorId, secrets.CredentialsJson);
        if (TryGet(key, context.TimeProvider.GetUtcNow()) is { } cached)
        {
            return cached;
        }

        var gate = gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var start = context.TimeProvider.GetUtcNow();
            if (TryGet(key, start) is { } fetched)
            {
                return fetched;
            }

            var token = await ExchangeAsync(context, credentials, start, cancellationToken).ConfigureAwait(false);
            tokens[key] = (token, start.AddSeconds(ExpiresInSeconds));
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets a connector's token (the API answered 401).</summary>
    public void Drop(string connectorId, GeminiSecrets secrets) => tokens.TryRemove(Key(connectorId, secrets.CredentialsJson), out _);

    private string? TryGet(string key, DateTimeOffset now) =>
        tokens.TryGetValue(key, out var entry) && entry.ExpiresAt > now ? entry.Token : null;

    private static string Key(string connectorId, string credentialsJson) =>
        connectorId + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credentialsJson)));

    private static async Task<string> ExchangeAsync(ConnectorExecutionContext context, JsonObject? credentials, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var email = LlmHttpCall.Text(credentials, "client_email");
        if (string.IsNullOrEmpty(email))
        {
            throw new SubActionException(Prefix + "The incoming JSON object does not contain a client_email field");
        }

        var privateKey = LlmHttpCall.Text(credentials, "private_key");
        if (string.IsNullOrEmpty(privateKey))
        {
            throw new SubActionException(Prefix + "The incoming JSON object does not contain a private_key field");
        }

        var tokenUri = LlmHttpCall.Text(credentials, "token_uri") is { Length: > 0 } uri ? uri : DefaultTokenUri;
        if (!Uri.TryCreate(tokenUri, UriKind.Absolute, out var tokenUrl) || tokenUrl.Scheme is not ("http" or "https"))
        {
            throw new SubActionException(Prefix + "Invalid token_uri in the service account credentials");
        }

        var assertion = CreateAssertion(email, privateKey, LlmHttpCall.Text(credentials, "private_key_id"), tokenUri, now);
        var form = "grant_type=" + Uri.EscapeDataString("urn:ietf:params:oauth:grant-type:jwt-bearer") + "&assertion=" + Uri.EscapeDataString(assertion);
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(form)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
        HttpResponseMessage response;
        try
        {
            response = await context.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new SubActionException(Prefix + HttpResults.MessageOf(ex), HttpResults.SourceOf(ex));
        }

        using (response)
        {
            var body = HttpResults.ParseBody(await HttpResults.ReadTextAsync(response, cancellationToken).ConfigureAwait(false));
            var status = (int)response.StatusCode;
            if (status is < 200 or >= 300)
            {
                // gtoken's text: "<error>: <error_description>" from Google's OAuth error body.
                var error = LlmHttpCall.Text(body, "error");
                var description = LlmHttpCall.Text(body, "error_description");
                var message = error is not null
                    ? error + (description is not null ? $": {description}" : string.Empty)
                    : $"Request failed with status code {status}";
                throw new SubActionException(Prefix + message);
            }

            return LlmHttpCall.Text(body, "access_token") is { Length: > 0 } token
                ? token
                : throw new SubActionException("Error occurred while retrieving the access token. Ensure that the credentials are vaild.");
        }
    }

    /// <summary>The RS256 JWT assertion; a key that cannot be read fails without quoting it.</summary>
    internal static string CreateAssertion(string email, string privateKeyPem, string? keyId, string audience, DateTimeOffset now)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(privateKeyPem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new SubActionException(Prefix + "the service account's private_key could not be read as a PEM RSA key");
        }

        var iat = now.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" };
        if (!string.IsNullOrEmpty(keyId))
        {
            header["kid"] = keyId;
        }

        var claims = new JsonObject
        {
            ["iss"] = email,
            ["scope"] = Scope,
            ["aud"] = audience,
            ["exp"] = iat + 3600,
            ["iat"] = iat,
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString(HttpResults.JsonOptions)))
            + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString(HttpResults.JsonOptions)));
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
