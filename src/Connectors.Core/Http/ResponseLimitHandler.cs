using System.Buffers;
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
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
            Log.OutboundResponse(logger, request.Method.Method, request.RequestUri!.Scheme, request.RequestUri.IdnHost, (int)response.StatusCode);
            if (response.Content.Headers.ContentLength > maxContentLength)
            {
                throw new ResponseTooLargeException(maxContentLength);
            }

            var body = await ReadBoundedAsync(response.Content, linked.Token).ConfigureAwait(false);
            var buffered = new ByteArrayContent(body);
            foreach (var header in response.Content.Headers)
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content.Dispose();
            response.Content = buffered;
            return response;
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new ResponseTimeoutException(timeout);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var output = new MemoryStream();
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (output.Length + read > maxContentLength)
                    {
                        throw new ResponseTooLargeException(maxContentLength);
                    }

                    output.Write(buffer, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return output.ToArray();
        }
    }
}
