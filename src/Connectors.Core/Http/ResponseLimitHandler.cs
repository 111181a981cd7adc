using Microsoft.Extensions.Logging;

namespace Connectors.Internal;

/// <summary>
/// Bounds one request: <see cref="ConnectorsOptions.ResponseTimeout"/> for the whole exchange, and
/// <see cref="ConnectorsOptions.MaxResponseContentLength"/> enforced while the body is read (it is buffered here).
/// </summary>
internal sealed class ResponseLimitHandler(TimeSpan timeout, long maxContentLength, TimeProvider timeProvider, ILogger logger)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var limit = request.Options.TryGetValue(ConnectorHttpRequestOptions.Timeout, out var perCall) && perCall > timeout ? perCall : timeout;
        using var timeoutSource = new CancellationTokenSource(limit, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
            Log.OutboundResponse(logger, request.Method.Method, request.RequestUri!.Scheme, request.RequestUri.IdnHost, (int)response.StatusCode);
            if (ConnectorHttpRequestOptions.IsStreaming(request) && response.IsSuccessStatusCode)
            {
                // The caller reads the body as it arrives; the timeout covered the wait for the headers.
                return response;
            }

            if (response.Content.Headers.ContentLength > maxContentLength)
            {
                throw new ResponseTooLargeException(maxContentLength);
            }

            try
            {
                // Buffers the (decompressed) body in place, failing as soon as it outgrows the limit.
                await response.Content.LoadIntoBufferAsync(maxContentLength, linked.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
            {
                throw new ResponseTooLargeException(maxContentLength);
            }

            return response;
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new ResponseTimeoutException(limit);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }
}
