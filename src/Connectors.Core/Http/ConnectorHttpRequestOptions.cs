namespace Connectors.Internal;

/// <summary>Per-request switches of the connector HTTP chain, set with <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class ConnectorHttpRequestOptions
{
    /// <summary>
    /// The response body is a stream (server-sent events, an AWS event stream) that the caller reads as it arrives:
    /// the chain returns once the headers are in instead of buffering the body, and the response-size cap does not
    /// apply to it. Send such requests with <see cref="HttpCompletionOption.ResponseHeadersRead"/>.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> StreamResponse = new("Connectors.StreamResponse");

    /// <summary>
    /// A per-call timeout (Kibana's <c>request({timeout})</c>): it can only lengthen
    /// <see cref="ConnectorsOptions.ResponseTimeout"/>, never shorten it (<c>max(global, per-call)</c>).
    /// </summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> Timeout = new("Connectors.Timeout");

    /// <summary>Whether <paramref name="request"/> asked for a streamed response.</summary>
    public static bool IsStreaming(HttpRequestMessage request) =>
        request.Options.TryGetValue(StreamResponse, out var streaming) && streaming;
}
