using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Internal;

namespace Connectors.ConnectorTypes.Email;

/// <summary>
/// <c>exchange_server</c>: Microsoft Graph <c>sendMail</c> with an OAuth2 client-credentials token (cached per
/// connector until it expires, dropped on any 4xx from Graph), over the type's guarded HTTP client.
/// </summary>
internal sealed class GraphEmailSender(OAuthTokenCache tokens)
{
    /// <summary><see cref="ConnectorsOptions.ServiceUrls"/> key of the Graph API base (Kibana's <c>microsoftGraphApiUrl</c>).</summary>
    public const string GraphUrlKey = ".email:microsoftGraphApiUrl";

    /// <summary><see cref="ConnectorsOptions.ServiceUrls"/> key of the login base (Kibana's <c>microsoftExchangeUrl</c>).</summary>
    public const string LoginUrlKey = ".email:microsoftExchangeUrl";

    public const string DefaultGraphUrl = "https://graph.microsoft.com/v1.0";
    public const string DefaultLoginUrl = "https://login.microsoftonline.com";
    public const string GraphScope = "https://graph.microsoft.com/.default";

    // As JSON.stringify writes it: no \uXXXX escapes for HTML characters.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<ConnectorResult> SendAsync(
        ConnectorExecutionContext context,
        ConnectorsOptions options,
        EmailConfig config,
        EmailSecrets secrets,
        EmailParams parameters,
        string html,
        CancellationToken cancellationToken)
    {
        var id = context.ConnectorId;
        var client = context.HttpClient;
        var tokenUrl = config.OauthTokenUrl
            ?? $"{Base(options, LoginUrlKey, DefaultLoginUrl)}/{config.TenantId}/oauth2/v2.0/token";
        var key = $"email/{context.Connector.SpaceId}/{id}";
        string token;
        try
        {
            token = await tokens.GetAsync(key, ct => RequestTokenAsync(client, tokenUrl, config, secrets, context.TimeProvider, ct), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or GraphTokenException)
        {
            return ConnectorResult.Error(
                id,
                EmailConnector.SendFailed,
                $"Unable to retrieve access token for connectorId: {id}",
                errorSource: ex is HostNotAllowedException ? ErrorSource.User : ErrorSource.Framework);
        }

        var from = Uri.EscapeDataString(config.From).Replace("%40", "@", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Base(options, GraphUrlKey, DefaultGraphUrl)}/users/{from}/sendMail")
        {
            Content = new StringContent(Body(parameters, html).ToJsonString(JsonOptions), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(token);

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            var transient = ex is not (HostNotAllowedException or ResponseTooLargeException or TooManyRedirectsException);
            return ConnectorResult.Error(
                id, EmailConnector.SendFailed, ex.Message, transient ? RetryHint.Later : null, transient ? ErrorSource.Framework : ErrorSource.User);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return ConnectorResult.Ok(id, text.Length == 0 ? null : TryParse(text));
            }

            if (status is >= 400 and < 500)
            {
                tokens.Remove(key);
            }

            var retry = status is 429 or >= 500 ? RetryHint.Later : null;
            return ConnectorResult.Error(id, EmailConnector.SendFailed, text.Length == 0 ? $"[{status}] {response.ReasonPhrase}" : text, retry, ErrorSource.User);
        }
    }

    /// <summary>Graph's <c>sendMail</c> body: HTML content, recipients, file attachments (content base64).</summary>
    internal static JsonObject Body(EmailParams parameters, string html)
    {
        static JsonArray Recipients(IEnumerable<string> addresses) =>
            [.. addresses.Where(a => !string.IsNullOrWhiteSpace(a))
                .Select(a => (JsonNode)new JsonObject { ["emailAddress"] = new JsonObject { ["address"] = a } })];

        var message = new JsonObject
        {
            ["subject"] = parameters.Subject,
            ["body"] = new JsonObject { ["contentType"] = "HTML", ["content"] = html },
            ["toRecipients"] = Recipients(parameters.To),
            ["ccRecipients"] = Recipients(parameters.Cc),
            ["bccRecipients"] = Recipients(parameters.Bcc),
        };
        if (parameters.Attachments is { Count: > 0 } attachments)
        {
            message["attachments"] = new JsonArray([.. attachments.Select(a => (JsonNode)new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.fileAttachment",
                ["name"] = a.Filename,
                ["contentType"] = a.ContentType,
                ["contentBytes"] = Convert.ToBase64String(EmailConnector.AttachmentBytes(a)),
            })]);
        }

        return new JsonObject { ["message"] = message };
    }

    private static string Base(ConnectorsOptions options, string key, string fallback) =>
        (options.ServiceUrls.TryGetValue(key, out var url) ? url : fallback).TrimEnd('/');

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static async Task<OAuthToken> RequestTokenAsync(
        HttpClient client, string tokenUrl, EmailConfig config, EmailSecrets secrets, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(
        [
            new("scope", GraphScope),
            new("client_id", config.ClientId ?? string.Empty),
            new("client_secret", secrets.ClientSecret ?? string.Empty),
            new("grant_type", "client_credentials"),
        ]);
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl) { Content = content };
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK || JsonNode.Parse(text) is not JsonObject json
            || json["access_token"] is not JsonValue access || access.GetValueKind() != JsonValueKind.String)
        {
            throw new GraphTokenException();
        }

        var type = json["token_type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : "Bearer";
        var expiresIn = json["expires_in"] is JsonValue v && v.TryGetValue<double>(out var seconds) ? seconds : 3600;
        return new OAuthToken($"{type} {access.GetValue<string>()}", timeProvider.GetUtcNow().AddSeconds(expiresIn));
    }
}

/// <summary>The token endpoint did not give a token.</summary>
internal sealed class GraphTokenException() : Exception("no access token");
