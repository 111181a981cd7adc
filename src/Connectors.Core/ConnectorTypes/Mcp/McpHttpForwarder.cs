namespace Connectors.ConnectorTypes.Mcp;

/// <summary>
/// The MCP SDK's HTTP handler: every request it makes is re-sent through the connector's own <see cref="HttpClient"/>
/// (allowed hosts on every hop, TLS, proxy, timeout, response-size limit, transient retries). Remembers the last
/// non-2xx answer, so a failure can quote the server's body as Kibana does.
/// </summary>
internal sealed class McpHttpForwarder(HttpClient connectorClient) : HttpMessageHandler
{
    /// <summary>The last non-2xx answer, if any.</summary>
    public McpHttpFailure? LastFailure { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // An HttpClient sends a request message only once, so the SDK's message is copied (same content object).
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content,
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        var response = await connectorClient.SendAsync(copy, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The connector chain has buffered the body (within the size limit), so it can be read twice.
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            LastFailure = new McpHttpFailure((int)response.StatusCode, body);
        }

        return response;
    }
}

/// <summary>A non-2xx answer from the MCP server: its status and body text.</summary>
internal sealed record McpHttpFailure(int Status, string Body);
