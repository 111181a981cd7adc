using System.Net;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>
/// A transport that answers at once (200 <c>ok</c> unless told otherwise), for measuring everything but the network.
/// With <c>QUICK_YIELD=1</c> it answers asynchronously (after a thread-pool hop), so every async frame above it suspends
/// and is resumed as on the wire.
/// </summary>
public sealed class NoRemoteCallHandler(HttpStatusCode status = HttpStatusCode.OK, string body = "ok") : HttpMessageHandler
{
    private readonly byte[] answer = System.Text.Encoding.UTF8.GetBytes(body);

    private static readonly bool Yield = Environment.GetEnvironmentVariable("QUICK_YIELD") == "1";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Yield)
        {
            await Task.Yield();
        }

        return new HttpResponseMessage(status) { Content = new ByteArrayContent(answer), RequestMessage = request };
    }
}
