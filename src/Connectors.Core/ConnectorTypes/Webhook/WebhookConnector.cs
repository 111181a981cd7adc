using System.Runtime.CompilerServices;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Internal;
using Connectors.Templating;

namespace Connectors.ConnectorTypes.Webhook;

/// <summary>
/// <c>.webhook</c>: sends the rendered <c>body</c> to a URL with the configured method and headers; auth none,
/// basic, SSL client certificate (crt+key or pfx) or OAuth2 client credentials (token cached per connector).
/// </summary>
internal sealed class WebhookConnector(OAuthTokenCache tokens) : IConnectorExecutor, IHttpExchangeExecutor, IDisposable
{
    public const string TypeId = ".webhook";

    // Client certificates loaded once per distinct secret material (keyed by its hash), not once per execution.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, X509Certificate2> certificates = new(StringComparer.Ordinal);

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Webhook",
        MinimumLicenseRequired = LicenseLevel.Gold,
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Uptime, ConnectorFeatureIds.Siem],
        Config = ConnectorSchema.Create(WebhookJsonContext.Default.WebhookConfig, WebhookValidation.ValidateConfig),
        Secrets = ConnectorSchema.Create(WebhookJsonContext.Default.WebhookSecrets, WebhookValidation.ValidateSecrets),
        Params = ConnectorSchema.Create(WebhookJsonContext.Default.WebhookParams),
        ParamEscapes = new Dictionary<string, MustacheEscape> { ["body"] = MustacheEscape.Json },
    };

    // Pooled state machine: the pipeline awaits the result exactly once, and this type runs on every dispatch.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.GetConfig<WebhookConfig>();
        var secrets = context.GetSecrets<WebhookSecrets>();
        var body = context.GetParams<WebhookParams>().Body;
        var id = context.ConnectorId;

        HttpClient client;
        AuthenticationHeaderValue? authorization = null;
        string? tokenKey = null;
        try
        {
            client = CreateClient(context, config, secrets);
            if (config.HasAuth && config.AuthType == WebhookAuthType.OAuth2ClientCredentials)
            {
                tokenKey = TokenKey(context.Connector, config, secrets);
                authorization = AuthenticationHeaderValue.Parse(await GetTokenAsync(tokenKey, client, config, secrets, context.TimeProvider, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception ex) when (ex is WebhookTokenException or CryptographicException or FormatException or HttpRequestException)
        {
            return ConnectorResult.Error(id, "error calling webhook, request failed", ex.Message);
        }

        using var request = BuildRequest(config, secrets, body, authorization);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return Failed(id, ex);
        }

        using (response)
        {
            return await InterpretAsync(id, body, response, tokenKey, context.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The usual execute (no OAuth token to fetch, the type's own client) as one exchange the pipeline runs.</summary>
    HttpRequestMessage? IHttpExchangeExecutor.CreateRequest(ConnectorExecutionContext context)
    {
        var config = context.GetConfig<WebhookConfig>();
        if (config.HasAuth && config.AuthType is WebhookAuthType.OAuth2ClientCredentials or WebhookAuthType.Ssl
            || config.Ca is not null || config.VerificationMode is not null)
        {
            return null;
        }

        return BuildRequest(config, context.GetSecrets<WebhookSecrets>(), context.GetParams<WebhookParams>().Body, null);
    }

    ConnectorResult IHttpExchangeExecutor.Failed(ConnectorExecutionContext context, HttpRequestException exception) =>
        Failed(context.ConnectorId, exception);

    ValueTask<ConnectorResult> IHttpExchangeExecutor.InterpretAsync(
        ConnectorExecutionContext context, HttpResponseMessage response, CancellationToken cancellationToken) =>
        InterpretAsync(context.ConnectorId, context.GetParams<WebhookParams>().Body, response, tokenKey: null, context.TimeProvider, cancellationToken);

    private static ConnectorResult Failed(string id, HttpRequestException ex)
    {
        var code = ErrorCode(ex);
        var transient = ex is not (HostNotAllowedException or ResponseTooLargeException or TooManyRedirectsException or UnsupportedProtocolException);
        return ConnectorResult.Error(
            id,
            "error calling webhook, request failed",
            code is null ? ex.Message : $"[{code}] {ex.Message}",
            transient ? RetryHint.Later : null,
            ex is HostNotAllowedException ? ErrorSource.User : ErrorSource.Framework);
    }

    /// <summary>The result of the service's answer (a success synchronously: the body is not read).</summary>
    private ValueTask<ConnectorResult> InterpretAsync(
        string id, string? body, HttpResponseMessage response, string? tokenKey, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return ValueTask.FromResult(ConnectorResult.Ok(id, body is null ? null : JsonValue.Create(body)));
        }

        var status = (int)response.StatusCode;
        if (tokenKey is not null && status is >= 400 and < 500)
        {
            tokens.Remove(tokenKey);
        }

        return ErrorAsync(id, response, status, timeProvider, cancellationToken);
    }

    private static async ValueTask<ConnectorResult> ErrorAsync(
        string id, HttpResponseMessage response, int status, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var serviceMessage = await ServiceMessageAsync(response, cancellationToken).ConfigureAwait(false);
        if (status >= 500)
        {
            return ConnectorResult.Error(id, "error calling webhook, retry later", serviceMessage, RetryHint.Later);
        }

        if (status == 429)
        {
            if (RetryAfter.Get(response.Headers, timeProvider) is { } wait)
            {
                var at = timeProvider.GetUtcNow() + wait;
                return ConnectorResult.Error(
                    id,
                    $"error calling webhook, retry at {at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}",
                    serviceMessage,
                    RetryHint.At(at),
                    ErrorSource.User);
            }

            return ConnectorResult.Error(id, "error calling webhook, retry later", serviceMessage, RetryHint.Later, ErrorSource.User);
        }

        return ConnectorResult.Error(
            id,
            "error calling webhook, invalid response",
            serviceMessage,
            errorSource: ErrorSource.User);
    }

    public void Dispose()
    {
        foreach (var certificate in certificates.Values)
        {
            certificate.Dispose();
        }
    }

    internal static HttpRequestMessage BuildRequest(WebhookConfig config, WebhookSecrets secrets, string? body, AuthenticationHeaderValue? oauth)
    {
        var method = config.Method switch
        {
            WebhookMethod.Put => HttpMethod.Put,
            WebhookMethod.Patch => HttpMethod.Patch,
            WebhookMethod.Get => HttpMethod.Get,
            WebhookMethod.Delete => HttpMethod.Delete,
            _ => HttpMethod.Post,
        };
        var request = new ConnectorHttpRequest(method, config.ParsedUrl);
        var hasBody = method != HttpMethod.Get && method != HttpMethod.Delete && !string.IsNullOrEmpty(body);
        byte[]? bytes = null;
        if (hasBody)
        {
            request.Content = new ByteArrayContent(bytes = Encoding.UTF8.GetBytes(body!));
        }

        string? basic = oauth is null && config.HasAuth && (config.AuthType is null or WebhookAuthType.Basic) && secrets.User is not null && secrets.Password is not null
            ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{secrets.User}:{secrets.Password}"))
            : null;
        var secretHeaders = oauth is null ? secrets.SecretHeaders : null;
        bool? contentTypeGiven = null;
        if (oauth is null && secretHeaders is not { Count: > 0 } && DistinctIgnoringCase(config.Headers))
        {
            // Only the config's headers (the common case): no merging needed, the same headers in the same order, each
            // added once to a fresh request (nothing to replace).
            if (basic is not null && !ContainsIgnoringCase(config.Headers, "Authorization"))
            {
                AddHeader(request, "Authorization", basic, replace: false);
            }

            contentTypeGiven = false;
            if (config.Headers is { } configHeaders)
            {
                foreach (var (key, value) in configHeaders)
                {
                    AddHeader(request, key, value, replace: false);
                    contentTypeGiven |= hasBody && key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(value);
                }
            }
        }
        else
        {
            var headers = new List<KeyValuePair<string, string>>();
            if (basic is not null)
            {
                headers.Add(new("Authorization", basic));
            }

            var merged = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in config.Headers ?? [])
            {
                merged[key] = value;
            }

            if (oauth is null)
            {
                foreach (var (key, value) in secretHeaders ?? [])
                {
                    merged[key] = value;
                }
            }
            else
            {
                merged["Authorization"] = oauth.ToString();
            }

            foreach (var (key, value) in merged)
            {
                headers.RemoveAll(h => h.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
                headers.Add(new(key, value));
            }

            foreach (var (key, value) in headers)
            {
                AddHeader(request, key, value);
            }
        }

        // The configured Content-Type is sent as given; without one, the body's own (read without parsing the header
        // back when the config's headers were added as they are).
        if (request.Content is { } content && !(contentTypeGiven ?? content.Headers.ContentType is not null))
        {
            // As MediaTypeHeaderValue writes it with a charset, without building and validating one per request; in
            // place of a blank one the config gave.
            if (content.Headers.NonValidated.Contains("Content-Type"))
            {
                content.Headers.Remove("Content-Type");
            }

            content.Headers.TryAddWithoutValidation("Content-Type", LooksLikeJson(bytes!) ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
        }

        return request;
    }

    /// <summary>
    /// The cached OAuth token, requested when missing. Its own method so that the request lambda's closure is made only
    /// on this path, not at the start of every execute.
    /// </summary>
    private ValueTask<string> GetTokenAsync(
        string tokenKey, HttpClient client, WebhookConfig config, WebhookSecrets secrets, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        tokens.GetAsync(tokenKey, ct => RequestTokenAsync(client, config, secrets, timeProvider, ct), cancellationToken);

    private HttpClient CreateClient(ConnectorExecutionContext context, WebhookConfig config, WebhookSecrets secrets)
    {
        X509Certificate2? certificate = null;
        if (config.HasAuth && config.AuthType == WebhookAuthType.Ssl && LoadCertificate(secrets) is { } load)
        {
            var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
                $"{secrets.Pfx}\n{secrets.Crt}\n{secrets.Key}\n{secrets.Password}")));
            certificate = certificates.GetOrAdd(key, static (_, load) => load(), load);
        }

        if (certificate is null && config.Ca is null && config.VerificationMode is null)
        {
            return context.HttpClient;
        }

        return context.CreateHttpClient(new ConnectorHttpClientOptions
        {
            ClientCertificate = certificate,
            CertificateAuthoritiesPem = config.Ca is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(config.Ca)),
            VerificationMode = config.VerificationMode switch
            {
                TlsVerificationModeValue.None => TlsVerificationMode.None,
                TlsVerificationModeValue.Certificate => TlsVerificationMode.Certificate,
                TlsVerificationModeValue.Full => TlsVerificationMode.Full,
                _ => null,
            },
        });
    }

    /// <summary>How to load the client certificate the secrets hold, or <see langword="null"/> when they hold none.</summary>
    private static Func<X509Certificate2>? LoadCertificate(WebhookSecrets secrets)
    {
        if (secrets.Pfx is { } pfx)
        {
            return () => X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(pfx), secrets.Password);
        }

        if (secrets.Crt is { } crt && secrets.Key is { } key)
        {
            return () =>
            {
                var crtPem = Encoding.UTF8.GetString(Convert.FromBase64String(crt));
                var keyPem = Encoding.UTF8.GetString(Convert.FromBase64String(key));
                return secrets.Password is { } password
                    ? X509Certificate2.CreateFromEncryptedPem(crtPem, keyPem, password)
                    : X509Certificate2.CreateFromPem(crtPem, keyPem);
            };
        }

        return null;
    }

    private static async Task<OAuthToken> RequestTokenAsync(
        HttpClient client, WebhookConfig config, WebhookSecrets secrets, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>();
        if (config.Scope is not null)
        {
            form.Add(new("scope", config.Scope));
        }

        form.Add(new("client_id", config.ClientId!));
        form.Add(new("client_secret", secrets.ClientSecret ?? string.Empty));
        form.Add(new("grant_type", "client_credentials"));
        foreach (var field in WebhookValidation.ParseAdditionalFields(config.AdditionalFields))
        {
            form.Add(field);
        }

        using var content = new FormUrlEncodedContent(form);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "UTF-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, config.AccessTokenUrl) { Content = content };
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new WebhookTokenException($"Unable to retrieve/refresh the access token: {text}");
        }

        try
        {
            var json = JsonNode.Parse(text)!.AsObject();
            var type = json["token_type"]?.GetValue<string>() ?? "Bearer";
            var accessToken = json["access_token"]?.GetValue<string>()
                ?? throw new WebhookTokenException("Unable to retrieve new access token");
            var expiresIn = json["expires_in"] is JsonValue v && v.TryGetValue<double>(out var seconds) ? seconds : 3600;
            return new OAuthToken($"{type} {accessToken}", timeProvider.GetUtcNow().AddSeconds(expiresIn));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException)
        {
            throw new WebhookTokenException("Unable to retrieve new access token");
        }
    }

    /// <summary>
    /// The token cache key: the connector plus a digest of everything the token request sends, so that an update or a
    /// re-created connector with new credentials never reuses the old token (Kibana deletes the tokens on update/delete).
    /// </summary>
    private static string TokenKey(Connector connector, WebhookConfig config, WebhookSecrets secrets)
    {
        var material = string.Join('\n', config.AccessTokenUrl, config.ClientId, config.Scope, config.AdditionalFields, secrets.ClientSecret);
        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
        return $"{connector.SpaceId}/{connector.Id}/{digest}";
    }

    private static async Task<string> ServiceMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var message = $"[{(int)response.StatusCode}] {response.ReasonPhrase}";
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (text.Length > 0 && JsonNode.Parse(text) is JsonObject obj && obj["message"] is { } detail)
            {
                message += ": " + (detail is JsonValue value && value.GetValueKind() == JsonValueKind.String
                    ? value.GetValue<string>()
                    : detail.ToJsonString());
            }
        }
        catch (JsonException)
        {
            // Not JSON: the status line is all there is to say.
        }

        return message;
    }

    private static string? ErrorCode(HttpRequestException ex) => ex switch
    {
        ResponseTimeoutException => "ECONNABORTED",
        ResponseTooLargeException => "ERR_BAD_RESPONSE",
        UnsupportedProtocolException => "ERR_BAD_REQUEST",
        HostNotAllowedException or TooManyRedirectsException => null,
        _ when ex.InnerException is SocketException socket => socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "ECONNREFUSED",
            SocketError.HostNotFound or SocketError.NoData => "ENOTFOUND",
            SocketError.TimedOut => "ETIMEDOUT",
            SocketError.ConnectionReset => "ECONNRESET",
            _ => socket.SocketErrorCode.ToString(),
        },
        _ => ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "ENOTFOUND",
            HttpRequestError.ConnectionError => "ECONNREFUSED",
            HttpRequestError.SecureConnectionError => "ERR_TLS",
            _ => null,
        },
    };

    private static void AddHeader(HttpRequestMessage request, string key, string value, bool replace = true)
    {
        if (IsContentHeader(key))
        {
            if (request.Content is not null && !key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (replace)
                {
                    request.Content.Headers.Remove(key);
                }

                request.Content.Headers.TryAddWithoutValidation(key, value);
            }
        }
        else
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }
    }

    private static bool ContainsIgnoringCase(Dictionary<string, string>? headers, string name)
    {
        if (headers is not null)
        {
            foreach (var key in headers.Keys)
            {
                if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool DistinctIgnoringCase(Dictionary<string, string>? headers)
    {
        if (headers is null || headers.Count < 2 || headers.Comparer == StringComparer.OrdinalIgnoreCase)
        {
            return true;
        }

        var i = 0;
        foreach (var key in headers.Keys)
        {
            var j = 0;
            foreach (var other in headers.Keys)
            {
                if (j++ < i && key.Equals(other, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            i++;
        }

        return true;
    }

    private static bool IsContentHeader(string name) =>
        name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) || name.Equals("Expires", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Last-Modified", StringComparison.OrdinalIgnoreCase) || name.Equals("Allow", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the body is one JSON object or array (checked by reading it through, nothing allocated).</summary>
    private static bool LooksLikeJson(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (trimmed.Length == 0 || trimmed[0] is not ((byte)'{' or (byte)'['))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>A failure to get an OAuth2 token; its message is Kibana's text.</summary>
internal sealed class WebhookTokenException(string message) : Exception(message);
