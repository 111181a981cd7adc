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
    private ExecuteRequest webhookRequest = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddConnectors(o => o.License = LicenseLevel.Gold).AddConnectorType<NoopConnector>();
        services.AddHttpClient("Connectors:.webhook").ConfigurePrimaryHttpMessageHandler(() => new NoRemoteCallHandler());
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
    }

    [GlobalCleanup]
    public void Cleanup() => provider.Dispose();

    [Benchmark]
    public Task<ConnectorResult> ExecuteNoop() => registry.ExecuteAsync(request);

    [Benchmark]
    public Task<ConnectorResult> ExecuteWebhookNoNetwork() => registry.ExecuteAsync(webhookRequest);
}
