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
    /// A longer timeout for this request than <see cref="ConnectorsOptions.ResponseTimeout"/> (Kibana's per-call
    /// <c>timeout</c>: <c>max(responseTimeout, timeout)</c>, so it can only lengthen the wait).
    /// </summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> Timeout = new("Connectors.Timeout");

    /// <summary>The timeout of <paramref name="request"/>: the longer of <paramref name="configured"/> and its own.</summary>
    public static TimeSpan TimeoutOf(HttpRequestMessage request, TimeSpan configured) =>
        request.Options.TryGetValue(Timeout, out var own) && own > configured ? own : configured;

    /// <summary>Whether <paramref name="request"/> asked for a streamed response.</summary>
    public static bool IsStreaming(HttpRequestMessage request) =>
        request.Options.TryGetValue(StreamResponse, out var streaming) && streaming;
}
