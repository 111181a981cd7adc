using System.Net;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>A transport that answers at once (200 <c>ok</c> unless told otherwise), for measuring everything but the network.</summary>
public sealed class NoRemoteCallHandler(HttpStatusCode status = HttpStatusCode.OK, string body = "ok") : HttpMessageHandler
{
    private readonly byte[] answer = System.Text.Encoding.UTF8.GetBytes(body);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(new HttpResponseMessage(status) { Content = new ByteArrayContent(answer), RequestMessage = request });
}
