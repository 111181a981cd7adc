using System.Net;
using System.Text.Json.Nodes;
using Connectors.Internal;
using Connectors.TestUtilities;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Connectors.IntegrationTests.Http;

/// <summary>
/// The client connectors get: the factory's handler and <c>ConfigureHttpClient</c> actions, with plain requests handed
/// to the connector chain directly; whatever a host configured on the named client still applies, over the wire.
/// </summary>
public sealed class ConnectorHttpClientTests
{
    private static ConnectorsTestHost Host(Action<IServiceCollection>? services = null) =>
        ConnectorsTestHost.Create(o =>
        {
            o.License = LicenseLevel.Gold;
            o.MaxAttempts = 1;
        }, services);

    private static Task<Connector> CreateWebhookAsync(ConnectorsTestHost host, string url) =>
        host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "hook",
            ConnectorTypeId = ".webhook",
            Config = new JsonObject { ["url"] = url, ["hasAuth"] = false },
        });

    private static Task<ConnectorResult> ExecuteAsync(ConnectorsTestHost host, Connector connector) =>
        host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = connector.Id, Params = new JsonObject { ["body"] = "{\"a\":1}" } });

    [Fact]
    public async Task TheTypeClient_IsAConnectorClientThatSendsPlainRequestsDirectly()
    {
        await using var host = Host();
        var clients = host.Services.GetRequiredService<ConnectorHttpClients>();

        var client = Assert.IsType<ConnectorHttpClient>(clients.GetClient(".webhook"));

        Assert.True(client.SendsDirectly);
        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);

        // The pipeline may then run the policy handler's first hop in its own frame; not for a streamed request.
        using var plain = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/hook");
        using var streamed = new ConnectorHttpRequest(HttpMethod.Post, new Uri("http://127.0.0.1/hook")) { StreamResponse = true };
        Assert.IsType<RedirectHandler>(client.InFramePolicy(plain));
        Assert.Null(client.InFramePolicy(streamed));
    }

    [Fact]
    public async Task Execute_DirectPath_SendsTheSameBytesAndReadsTheAnswer()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(200, "ok");
        await using var host = Host();
        var connector = await CreateWebhookAsync(host, server.Url("/hook"));

        var result = await ExecuteAsync(host, connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("{\"a\":1}", request.BodyText);
        Assert.Equal("gzip, deflate, br", request.Header("Accept-Encoding"));
    }

    [Fact]
    public async Task Execute_HostDefaultHeaders_AreSentThroughTheClient()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(200, "ok");
        await using var host = Host(s => s.AddHttpClient("Connectors:.webhook").ConfigureHttpClient(c => c.DefaultRequestHeaders.Add("X-Host-Header", "from-host")));
        var connector = await CreateWebhookAsync(host, server.Url("/hook"));

        var result = await ExecuteAsync(host, connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal("from-host", Assert.Single(server.Requests).Header("X-Host-Header"));
        var hostWrapped = Assert.IsType<ConnectorHttpClient>(host.Services.GetRequiredService<ConnectorHttpClients>().GetClient(".webhook"));
        Assert.False(hostWrapped.SendsDirectly);
        using var plain = new HttpRequestMessage(HttpMethod.Post, server.Url("/hook"));
        Assert.Null(hostWrapped.InFramePolicy(plain));
    }

    [Fact]
    public async Task Execute_HostHandlerAroundTheChain_SeesEveryRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(200, "ok");
        var seen = new List<string>();
        await using var host = Host(s => s.AddHttpClient("Connectors:.webhook").AddHttpMessageHandler(() => new RecordingHandler(seen)));
        var connector = await CreateWebhookAsync(host, server.Url("/hook"));

        var first = await ExecuteAsync(host, connector);
        var second = await ExecuteAsync(host, connector);

        Assert.Equal(ConnectorResultStatus.Ok, first.Status);
        Assert.Equal(ConnectorResultStatus.Ok, second.Status);
        Assert.Equal([server.Url("/hook"), server.Url("/hook")], seen);
        Assert.Equal(2, server.Requests.Count);
        Assert.False(Assert.IsType<ConnectorHttpClient>(host.Services.GetRequiredService<ConnectorHttpClients>().GetClient(".webhook")).SendsDirectly);
    }

    [Fact]
    public async Task Execute_HostReplacedTheFactory_ItsClientIsUsed()
    {
        var transport = new AnsweringHandler();
        var factory = Substitute.For<IHttpClientFactory>();
        factory.CreateClient(Arg.Any<string>()).Returns(_ => new HttpClient(transport, disposeHandler: false));
        await using var host = Host(s => s.AddSingleton(factory));
        var connector = await CreateWebhookAsync(host, "http://hooks.example.com/x");

        var result = await ExecuteAsync(host, connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        factory.Received().CreateClient("Connectors:.webhook");
        Assert.Equal("http://hooks.example.com/x", Assert.Single(transport.Requests));
    }

    private sealed class RecordingHandler(List<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                seen.Add(request.RequestUri!.ToString());
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class AnsweringHandler : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.ToString());
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") });
        }
    }
}
