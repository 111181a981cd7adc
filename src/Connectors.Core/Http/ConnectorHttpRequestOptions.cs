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

    /// <summary>A request option: when <see langword="true"/>, a redirect is returned as the response (axios's <c>maxRedirects: 0</c>).</summary>
    public static readonly HttpRequestOptionsKey<bool> DoNotFollowRedirects = new("Connectors.DoNotFollowRedirects");

    /// <summary>The timeout of <paramref name="request"/>: the longer of <paramref name="configured"/> and its own.</summary>
    public static TimeSpan TimeoutOf(HttpRequestMessage request, TimeSpan configured)
    {
        var own = request is ConnectorHttpRequest r ? r.Timeout : request.Options.TryGetValue(Timeout, out var set) ? set : null;
        return own > configured ? own.Value : configured;
    }

    /// <summary>Whether <paramref name="request"/> asked for a streamed response.</summary>
    public static bool IsStreaming(HttpRequestMessage request) =>
        request is ConnectorHttpRequest r ? r.StreamResponse : request.Options.TryGetValue(StreamResponse, out var streaming) && streaming;

    /// <summary>Whether <paramref name="request"/> asked for redirects to be returned, not followed.</summary>
    public static bool IsNotFollowingRedirects(HttpRequestMessage request) =>
        request is ConnectorHttpRequest r ? r.DoNotFollowRedirects : request.Options.TryGetValue(DoNotFollowRedirects, out var set) && set;
}

/// <summary>
/// A request of the connector chain with its switches as properties: read without materialising
/// <see cref="HttpRequestMessage.Options"/> (a dictionary per request). Plain requests set the same switches through
/// <see cref="ConnectorHttpRequestOptions"/>' option keys.
/// </summary>
internal sealed class ConnectorHttpRequest(HttpMethod method, Uri? requestUri) : HttpRequestMessage(method, requestUri)
{
    /// <summary>See <see cref="ConnectorHttpRequestOptions.StreamResponse"/>.</summary>
    public bool StreamResponse { get; init; }

    /// <summary>See <see cref="ConnectorHttpRequestOptions.Timeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>See <see cref="ConnectorHttpRequestOptions.DoNotFollowRedirects"/>.</summary>
    public bool DoNotFollowRedirects { get; init; }
}
