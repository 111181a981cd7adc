using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Internal;
using Microsoft.Extensions.Options;

namespace Connectors.ConnectorTypes.Index;

/// <summary>
/// Writes through Elasticsearch's <c>_bulk</c> REST API over the execution's guarded HTTP client: one NDJSON body of
/// <c>create</c> actions, <c>refresh</c> as configured, API key or basic credentials from <see cref="IndexOptions"/>.
/// </summary>
internal sealed class ElasticsearchBulkWriter(Uri clusterUrl, IOptionsMonitor<ConnectorsOptions> options) : IIndexDocumentWriter
{
    // As JSON.stringify writes documents: no \uXXXX escapes for HTML-sensitive characters.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Uri ClusterUrl { get; } = clusterUrl;

    public async ValueTask<IndexWriteResult> WriteAsync(IndexWriteRequest request, ConnectorExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        using var message = new HttpRequestMessage(HttpMethod.Post, BulkUri(request))
        {
            Content = new StringContent(Ndjson(request.Documents), Encoding.UTF8, "application/x-ndjson"),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var credentials = options.CurrentValue.Index;
        if (!string.IsNullOrEmpty(credentials.ApiKey))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", credentials.ApiKey);
        }
        else if (credentials.Username is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));
        }

        HttpResponseMessage response;
        try
        {
            response = await context.HttpClient.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            var transient = ex is not (HostNotAllowedException or ResponseTooLargeException or TooManyRedirectsException);
            return IndexWriteResult.Failed(ex.Message, transient ? RetryHint.Later : null);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    if (JsonNode.Parse(text) is JsonObject bulk)
                    {
                        return IndexWriteResult.Completed(bulk);
                    }
                }
                catch (JsonException)
                {
                    // Falls through: not a bulk response.
                }

                return IndexWriteResult.Failed($"[{status}] unexpected response: not a bulk response");
            }

            var failure = $"[{status}] {ErrorReason(text) ?? response.ReasonPhrase}";
            return IndexWriteResult.Failed(failure, status is 429 or >= 500 ? RetryHint.Later : null);
        }
    }

    /// <summary>The NDJSON body: <c>{"create":{}}</c> then the document, one line each, newline-terminated.</summary>
    internal static string Ndjson(IEnumerable<JsonObject> documents)
    {
        var body = new StringBuilder();
        foreach (var document in documents)
        {
            body.Append("{\"create\":{}}\n").Append(document.ToJsonString(Json)).Append('\n');
        }

        return body.ToString();
    }

    private Uri BulkUri(IndexWriteRequest request)
    {
        var baseText = ClusterUrl.ToString();
        if (!baseText.EndsWith('/'))
        {
            baseText += "/";
        }

        return new Uri($"{baseText}{Uri.EscapeDataString(request.Index)}/_bulk?refresh={(request.Refresh ? "true" : "false")}");
    }

    private static string? ErrorReason(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject obj && obj["error"] is { } error
                ? error is JsonObject e && e["reason"] is JsonValue reason ? reason.ToString() : error.ToJsonString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
