using System.Net;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Core.Tests.Execution;

public sealed class TransportReplacementTests
{
    private sealed class StubTransport : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") });
        }
    }

    [Fact]
    public async Task ExecuteAsync_HostConfiguredPrimaryHandler_IsUsedBehindTheGuards()
    {
        var transport = new StubTransport();
        await using var host = ConnectorsTestHost.Create(
            o =>
            {
                o.License = LicenseLevel.Gold;
                o.AllowedHosts = ["hooks.example.com"];
            },
            s => s.AddHttpClient("Connectors:.webhook").ConfigurePrimaryHttpMessageHandler(() => transport));
        var hook = await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "hook",
            ConnectorTypeId = ".webhook",
            Config = new JsonObject { ["url"] = "https://hooks.example.com/x", ["hasAuth"] = false },
        });

        var result = await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = hook.Id, Params = new JsonObject { ["body"] = "{}" } });

        Assert.True(result.IsSuccess);
        var request = Assert.Single(transport.Requests);
        Assert.Equal("https://hooks.example.com/x", request.RequestUri!.ToString());
    }
}
