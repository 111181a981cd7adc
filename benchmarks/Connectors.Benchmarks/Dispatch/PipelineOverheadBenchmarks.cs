using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>
/// The execute pipeline's own cost (resolve → policy → validate → run → record), without network and without
/// template rendering: a no-op connector type, and <c>.webhook</c> through the whole HTTP handler chain with a
/// no-network transport. Goal: ≤ 5 µs and ≤ 2 KB allocated per execute.
/// </summary>
[MemoryDiagnoser]
public class PipelineOverheadBenchmarks
{
    private ServiceProvider provider = null!;
    private IConnectorRegistry registry = null!;
    private ExecuteRequest request = null!;
    private static readonly byte[] WebhookBody = """{"alert":"CPU above 90%"}"""u8.ToArray();
    private readonly HttpClient rawNoNetwork = new(new NoRemoteCallHandler());
    private ExecuteRequest webhookRequest = null!;
    private ExecuteRequest slackRequest = null!;
    private ExecuteRequest pagerDutyRequest = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddConnectors(o => o.License = LicenseLevel.Gold).AddConnectorType<NoopConnector>();
        services.AddHttpClient("Connectors:.webhook").ConfigurePrimaryHttpMessageHandler(() => new NoRemoteCallHandler());
        services.AddHttpClient("Connectors:.slack").ConfigurePrimaryHttpMessageHandler(() => new NoRemoteCallHandler());
        services.AddHttpClient("Connectors:.pagerduty").ConfigurePrimaryHttpMessageHandler(
            () => new NoRemoteCallHandler(System.Net.HttpStatusCode.Accepted, PagerDutyDispatchBenchmarks.Accepted));
        provider = services.BuildServiceProvider();
        registry = provider.GetRequiredService<IConnectorRegistry>();
        var connector = await registry.CreateAsync(new CreateConnectorRequest { Name = "noop", ConnectorTypeId = ".noop" });
        request = new ExecuteRequest { ConnectorId = connector.Id, Params = new JsonObject { ["message"] = "CPU above 90%" } };
        var hook = await registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "hook",
            ConnectorTypeId = ".webhook",
            Config = new JsonObject { ["url"] = "https://hooks.example.com/alerts", ["hasAuth"] = false },
        });
        webhookRequest = new ExecuteRequest { ConnectorId = hook.Id, Params = new JsonObject { ["body"] = """{"alert":"CPU above 90%"}""" } };
        var slack = await registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "slack",
            ConnectorTypeId = ".slack",
            Secrets = new JsonObject { ["webhookUrl"] = "https://hooks.slack.com/services/T0/B0/XXXX" },
        });
        slackRequest = new ExecuteRequest { ConnectorId = slack.Id, Params = new JsonObject { ["message"] = "CPU above 90% on web-01" } };
        var pagerDuty = await registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "pagerduty",
            ConnectorTypeId = ".pagerduty",
            Secrets = new JsonObject { ["routingKey"] = "R0UT1NGKEY" },
        });
        pagerDutyRequest = new ExecuteRequest { ConnectorId = pagerDuty.Id, Params = PagerDutyDispatchBenchmarks.TriggerParams() };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        rawNoNetwork.Dispose();
        provider.Dispose();
    }

    /// <summary>A raw <see cref="HttpClient"/> POST of the same body to the same no-network transport, for scale.</summary>
    [Benchmark]
    public async Task<HttpStatusCode> RawNoNetwork()
    {
        using var content = new ByteArrayContent(WebhookBody);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var message = new HttpRequestMessage(HttpMethod.Post, "https://hooks.example.com/alerts") { Content = content };
        using var response = await rawNoNetwork.SendAsync(message);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    }

    [Benchmark]
    public Task<ConnectorResult> ExecuteNoop() => registry.ExecuteAsync(request);

    [Benchmark]
    public Task<ConnectorResult> ExecuteWebhookNoNetwork() => registry.ExecuteAsync(webhookRequest);

    /// <summary><c>.slack</c> through the whole chain to the no-network transport.</summary>
    [Benchmark]
    public Task<ConnectorResult> ExecuteSlackNoNetwork() => registry.ExecuteAsync(slackRequest);

    /// <summary><c>.pagerduty</c> through the whole chain to the no-network transport (202 with PagerDuty's JSON).</summary>
    [Benchmark]
    public Task<ConnectorResult> ExecutePagerDutyNoNetwork() => registry.ExecuteAsync(pagerDutyRequest);
}
