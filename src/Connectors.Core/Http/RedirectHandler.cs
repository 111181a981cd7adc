using System.Net;
using Polly;
using Microsoft.Extensions.Logging;

namespace Connectors.Internal;

/// <summary>
/// The policy of every request, per hop, in one handler (one async frame instead of three on the hot path):
/// <list type="bullet">
/// <item>the allowed-hosts guard (and http/https only) on the request and on <b>every redirect hop</b>;</item>
/// <item><see cref="ConnectorsOptions.ResponseTimeout"/> for each hop's whole exchange;</item>
/// <item><see cref="ConnectorsOptions.MaxResponseContentLength"/> enforced while the body is read (it is buffered here,
/// which also returns the connection to the pool before the executor looks at the response), and gzip, deflate and
/// brotli bodies decoded (<see cref="ResponseDecoding"/>), the limit applying to the decoded bytes;</item>
/// <item>redirects followed here (the primary handler never does), at most <c>maxRedirects</c> hops: 303, and
/// 301/302 after a POST, become GET without a body; credentials are dropped when the host changes;</item>
/// <item>transient retries (<see cref="RetryPolicy"/>, when the type has more than one attempt) around each attempt, an
/// attempt being a hop and the redirects it leads to.</item>
/// </list>
/// </summary>
internal sealed class RedirectHandler(
    ConnectorPolicy policy,
    TimeSpan timeout,
    long maxContentLength,
    TimeProvider timeProvider,
    ILogger logger,
    RetryPolicy? retry = null,
    int maxRedirects = 5)
    : DelegatingHandler
{

    /// <summary>What a call of <see cref="SendHopAsync"/> does after its hop.</summary>
    private enum Then
    {
        /// <summary>Nothing: one hop (a redirect hop, from <see cref="FollowAsync"/>).</summary>
        Return,

        /// <summary>Follows redirects (an attempt made by the retry pipeline).</summary>
        Follow,

        /// <summary>Follows redirects, then hands a retryable outcome to the retry pipeline (the first attempt).</summary>
        FollowAndRetry,
    }

    private CoarseTimeout? hopTimeouts;

    /// <summary>The retries around each attempt (an attempt: a hop and the redirects it leads to), when configured.</summary>
    internal RetryPolicy? Retry => retry;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendHopAsync(request, retry is null ? Then.Follow : Then.FollowAndRetry, cancellationToken);

    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendHopAsync(request, Then.Follow, cancellationToken);

    private async Task<HttpResponseMessage> FollowAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var current = request;
        for (var hop = 0; ; hop++)
        {
            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return response;
            }

            if (hop >= maxRedirects)
            {
                response.Dispose();
                throw new TooManyRedirectsException(maxRedirects);
            }

            var target = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
            var next = await CreateNextAsync(current, response.StatusCode, target, cancellationToken).ConfigureAwait(false);
            response.Dispose();
            current = next;
            response = await SendHopAsync(current, Then.Return, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One hop: the host guard, then the exchange within the timeout, with the body buffered within the limit; then, as
    /// <paramref name="then"/> says, the redirects and the retries. The first attempt of a request runs in this one
    /// async frame; redirects and retries, rare, in their own methods.
    /// </summary>
    private async Task<HttpResponseMessage> SendHopAsync(HttpRequestMessage request, Then then, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            var uri = Guard(request.RequestUri);
            var streaming = ConnectorHttpRequestOptions.IsStreaming(request);
            if (!streaming)
            {
                ResponseDecoding.Advertise(request);
            }

            // A per-call timeout (Kibana's request({timeout})) can only lengthen the configured one.
            var hopTimeout = ConnectorHttpRequestOptions.TimeoutOf(request, timeout);

            // On the system clock a source shared by the hops that start in the same short window, linked to the
            // execution's timeout (itself shared); or, under a caller's own token, a reused token source linked to it.
            var linked = TimeoutScope.StartCoarse(hopTimeout, cancellationToken, timeProvider, ref hopTimeouts);

            HttpResponseMessage? received = null;
            try
            {
                received = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    Log.OutboundResponse(logger, request.Method.Method, uri.Scheme, HostOf(uri), (int)received.StatusCode);
                }

                // A streamed success is read by the caller as it arrives (SSE, AWS event stream); the timeout covered
                // the headers. Anything else is buffered here, within the limit.
                if (!streaming || !received.IsSuccessStatusCode)
                {
                    if (ResponseDecoding.DecodableEncoding(received.Content) is { } encoding)
                    {
                        received.Content = await ResponseDecoding.DecodeAsync(received.Content, encoding, maxContentLength, linked.Token).ConfigureAwait(false);
                    }
                    else
                    {
                        if (received.Content.Headers.ContentLength > maxContentLength)
                        {
                            throw new ResponseTooLargeException(maxContentLength);
                        }

                        try
                        {
                            // Buffers the body in place, failing as soon as it outgrows the limit.
                            await received.Content.LoadIntoBufferAsync(maxContentLength, linked.Token).ConfigureAwait(false);
                        }
                        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
                        {
                            throw new ResponseTooLargeException(maxContentLength);
                        }
                    }
                }

                response = received;
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                received?.Dispose();
                throw new ResponseTimeoutException(hopTimeout);
            }
            catch
            {
                received?.Dispose();
                throw;
            }
            finally
            {
                linked.Dispose();
            }

            if (then != Then.Return && IsRedirect(response.StatusCode) && response.Headers.Location is not null
                && !ConnectorHttpRequestOptions.IsNotFollowingRedirects(request))
            {
                response = await FollowAsync(request, response, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (then == Then.FollowAndRetry && retry!.ShouldRetry(Outcome.FromException<HttpResponseMessage>(ex)))
        {
            return await retry.RetryAsync(SendAttemptAsync, request, Outcome.FromException<HttpResponseMessage>(ex), cancellationToken).ConfigureAwait(false);
        }

        if (then == Then.FollowAndRetry && retry!.ShouldRetry(Outcome.FromResult(response)))
        {
            return await retry.RetryAsync(SendAttemptAsync, request, Outcome.FromResult(response), cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>
    /// The first hop of a request, for a caller that awaits it in its own async frame (the pipeline's exchange), so that
    /// this handler adds no frame of its own: what <see cref="SendAsync"/> does, split at its await. The caller runs
    /// <see cref="StartHop"/>, awaits <see cref="Hop.Sending"/>, runs <see cref="CompleteHop"/> (and awaits it when it
    /// did not complete), on any failure <see cref="HopFailed"/>, always <see cref="EndHop"/>; then, when
    /// <see cref="NeedsMore"/> says so, <see cref="FinishAsync"/> (redirects, retries, or the failure thrown).
    /// </summary>
    internal struct Hop
    {
        /// <summary>The inner handler's send.</summary>
        public Task<HttpResponseMessage> Sending;

        internal TimeoutScope Linked;
        internal TimeSpan Timeout;
        internal Uri Uri;
        internal bool Streaming;
        internal bool Started;
        internal bool Buffering;
    }

    /// <summary>The guard, the advertised encodings and the hop's timeout; then the send (<see cref="Hop.Sending"/>).</summary>
    internal void StartHop(HttpRequestMessage request, CancellationToken cancellationToken, ref Hop hop)
    {
        hop.Uri = Guard(request.RequestUri);
        hop.Streaming = ConnectorHttpRequestOptions.IsStreaming(request);
        if (!hop.Streaming)
        {
            ResponseDecoding.Advertise(request);
        }

        hop.Timeout = ConnectorHttpRequestOptions.TimeoutOf(request, timeout);
        hop.Linked = TimeoutScope.StartCoarse(hop.Timeout, cancellationToken, timeProvider, ref hopTimeouts);
        hop.Started = true;
        hop.Sending = base.SendAsync(request, hop.Linked.Token);
    }

    /// <summary>After the send: the body decoded, or buffered within the limit (a completed task when it already was read).</summary>
    internal ValueTask CompleteHop(HttpRequestMessage request, HttpResponseMessage received, ref Hop hop)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            Log.OutboundResponse(logger, request.Method.Method, hop.Uri.Scheme, HostOf(hop.Uri), (int)received.StatusCode);
        }

        if (hop.Streaming && received.IsSuccessStatusCode)
        {
            return default;
        }

        if (ResponseDecoding.DecodableEncoding(received.Content) is { } encoding)
        {
            return DecodeAsync(received, encoding, hop.Linked.Token);
        }

        if (received.Content.Headers.ContentLength > maxContentLength)
        {
            throw new ResponseTooLargeException(maxContentLength);
        }

        hop.Buffering = true;
        return new ValueTask(received.Content.LoadIntoBufferAsync(maxContentLength, hop.Linked.Token));
    }

    private async ValueTask DecodeAsync(HttpResponseMessage received, string encoding, CancellationToken cancellationToken) =>
        received.Content = await ResponseDecoding.DecodeAsync(received.Content, encoding, maxContentLength, cancellationToken).ConfigureAwait(false);

    /// <summary>A failure of the hop as <see cref="SendAsync"/> reports it (an outgrown body, the hop's timeout); the response is disposed.</summary>
    internal Exception HopFailed(HttpResponseMessage? received, Exception error, CancellationToken cancellationToken, ref Hop hop)
    {
        received?.Dispose();
        if (hop.Buffering && error is HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded })
        {
            return new ResponseTooLargeException(maxContentLength);
        }

        return error is OperationCanceledException && hop.Started && hop.Linked.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            ? new ResponseTimeoutException(hop.Timeout)
            : error;
    }

    /// <summary>Ends the hop's timeout.</summary>
    internal static void EndHop(ref Hop hop)
    {
        if (hop.Started)
        {
            hop.Started = false;
            hop.Linked.Dispose();
        }
    }

    /// <summary>Whether the hop's outcome needs <see cref="FinishAsync"/>: a failure, a redirect to follow, or an answer to retry.</summary>
    internal bool NeedsMore(HttpRequestMessage request, HttpResponseMessage? response, Exception? failed) =>
        failed is not null
        || (IsRedirect(response!.StatusCode) && response.Headers.Location is not null && !ConnectorHttpRequestOptions.IsNotFollowingRedirects(request))
        || (retry is not null && retry.ShouldRetry(Outcome.FromResult(response)));

    /// <summary>What <see cref="SendAsync"/> does after its first hop: follows redirects, retries, or throws the hop's failure.</summary>
    internal async Task<HttpResponseMessage> FinishAsync(HttpRequestMessage request, HttpResponseMessage? response, Exception? failed, CancellationToken cancellationToken)
    {
        try
        {
            if (failed is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
            }

            if (IsRedirect(response!.StatusCode) && response.Headers.Location is not null && !ConnectorHttpRequestOptions.IsNotFollowingRedirects(request))
            {
                response = await FollowAsync(request, response, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (retry is not null && retry.ShouldRetry(Outcome.FromException<HttpResponseMessage>(ex)))
        {
            return await retry.RetryAsync(SendAttemptAsync, request, Outcome.FromException<HttpResponseMessage>(ex), cancellationToken).ConfigureAwait(false);
        }

        if (retry is not null && retry.ShouldRetry(Outcome.FromResult(response)))
        {
            return await retry.RetryAsync(SendAttemptAsync, request, Outcome.FromResult(response), cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>Refuses a target whose host the allowed-hosts policy does not allow, or whose scheme is not http or https.</summary>
    private Uri Guard(Uri? uri)
    {
        var host = uri is { IsAbsoluteUri: true } ? HostOf(uri) : null;
        if (host is null || !policy.IsHostnameAllowed(host))
        {
            Log.HostRefused(logger, uri is { IsAbsoluteUri: true } ? uri.Scheme : string.Empty, host ?? string.Empty);
            throw new HostNotAllowedException(ConnectorPolicy.HostnameNotAllowedMessage(host ?? string.Empty));
        }

        if (uri!.Scheme is not ("http" or "https"))
        {
            throw new UnsupportedProtocolException(uri.Scheme);
        }

        return uri;
    }

    /// <summary>
    /// <see cref="Uri.IdnHost"/> (punycode for international names, IPv6 without brackets), without its cost for the
    /// usual ASCII DNS name, whose <see cref="Uri.Host"/> (cached by the <see cref="Uri"/>) is the same string.
    /// </summary>
    internal static string HostOf(Uri uri) =>
        uri.HostNameType == UriHostNameType.Dns && System.Text.Ascii.IsValid(uri.Host) ? uri.Host : uri.IdnHost;

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static async Task<HttpRequestMessage> CreateNextAsync(
        HttpRequestMessage previous, HttpStatusCode status, Uri target, CancellationToken cancellationToken)
    {
        var toGet = status == HttpStatusCode.SeeOther
            || (status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && previous.Method == HttpMethod.Post);
        var method = toGet ? HttpMethod.Get : previous.Method;
        var next = previous is ConnectorHttpRequest own
            ? new ConnectorHttpRequest(method, target) { StreamResponse = own.StreamResponse, Timeout = own.Timeout, DoNotFollowRedirects = own.DoNotFollowRedirects }
            : new HttpRequestMessage(method, target);
        next.Version = previous.Version;
        var sameHost = string.Equals(previous.RequestUri!.IdnHost, target.IdnHost, StringComparison.OrdinalIgnoreCase)
            && previous.RequestUri.Port == target.Port;
        foreach (var header in previous.Headers)
        {
            if (!sameHost && (header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                              || header.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            next.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var option in previous.Options)
        {
            next.Options.TryAdd(option.Key, option.Value);
        }

        if (!toGet && previous.Content is { } content)
        {
            var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var copy = new ByteArrayContent(bytes);
            foreach (var header in content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            next.Content = copy;
        }

        return next;
    }
}
