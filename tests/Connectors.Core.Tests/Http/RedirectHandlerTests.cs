using System.Net;
using Connectors.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace Connectors.Core.Tests.Http;

public sealed class RedirectHandlerTests
{
    [Fact]
    public async Task ARedirectHop_OfAConnectorRequest_KeepsItsSwitches()
    {
        var inner = new ScriptedHandler(
            _ => new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("/next", UriKind.Relative) } },
            _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") });
        using var invoker = new HttpMessageInvoker(NewHandler(inner));
        using var request = new ConnectorHttpRequest(HttpMethod.Get, new Uri("http://example.test/start")) { Timeout = TimeSpan.FromMinutes(3) };

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["http://example.test/start", "http://example.test/next"], inner.Requests.Select(r => r.RequestUri!.ToString()));
        var next = Assert.IsType<ConnectorHttpRequest>(inner.Requests[1]);
        Assert.Equal(TimeSpan.FromMinutes(3), next.Timeout);
        Assert.False(next.StreamResponse);
    }

    [Fact]
    public async Task AConnectorRequest_ThatDoesNotFollowRedirects_GetsTheRedirectBack()
    {
        var inner = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("http://example.test/next") } });
        using var invoker = new HttpMessageInvoker(NewHandler(inner));
        using var request = new ConnectorHttpRequest(HttpMethod.Post, new Uri("http://example.test/start")) { DoNotFollowRedirects = true };

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Single(inner.Requests);
    }

    [Fact]
    public async Task APlainRequest_StillReadsItsSwitchesFromItsOptions()
    {
        var inner = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("http://example.test/next") } });
        using var invoker = new HttpMessageInvoker(NewHandler(inner));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("http://example.test/start"));
        request.Options.Set(ConnectorHttpRequestOptions.DoNotFollowRedirects, true);

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Single(inner.Requests);
        Assert.Equal(TimeSpan.FromSeconds(5), ConnectorHttpRequestOptions.TimeoutOf(request, TimeSpan.FromSeconds(5)));
    }

    private static RedirectHandler NewHandler(HttpMessageHandler inner)
    {
        var options = Substitute.For<IOptionsMonitor<ConnectorsOptions>>();
        options.CurrentValue.Returns(new ConnectorsOptions());
        return new RedirectHandler(new ConnectorPolicy(options), TimeSpan.FromSeconds(30), 1_000_000, TimeProvider.System, NullLogger.Instance)
        {
            InnerHandler = inner,
        };
    }

    private sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            var response = answers[Math.Min(Requests.Count - 1, answers.Length - 1)](request);
            response.RequestMessage = request;
            response.Content ??= new ByteArrayContent([]);
            return Task.FromResult(response);
        }
    }
}
