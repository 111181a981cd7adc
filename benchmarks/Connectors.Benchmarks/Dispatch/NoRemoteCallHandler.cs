using System.Net;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>A transport that answers 200 <c>ok</c> at once, for measuring everything but the network.</summary>
public sealed class NoRemoteCallHandler : HttpMessageHandler
{
    private static readonly byte[] Ok = "ok"u8.ToArray();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Ok), RequestMessage = request });
}
