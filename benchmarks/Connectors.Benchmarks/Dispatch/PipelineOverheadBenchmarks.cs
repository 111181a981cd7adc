using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>
/// The execute pipeline's own cost (resolve → policy → validate → run → record), without network and without
/// template rendering: a no-op connector type. Goal: ≤ 5 µs and ≤ 2 KB allocated per execute.
/// </summary>
[MemoryDiagnoser]
public class PipelineOverheadBenchmarks
{
    private ServiceProvider provider = null!;
    private IConnectorRegistry registry = null!;
    private ExecuteRequest request = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddConnectors(o => o.License = LicenseLevel.Gold).AddConnectorType<NoopConnector>();
        provider = services.BuildServiceProvider();
        registry = provider.GetRequiredService<IConnectorRegistry>();
        var connector = await registry.CreateAsync(new CreateConnectorRequest { Name = "noop", ConnectorTypeId = ".noop" });
        request = new ExecuteRequest { ConnectorId = connector.Id, Params = new JsonObject { ["message"] = "CPU above 90%" } };
    }

    [GlobalCleanup]
    public void Cleanup() => provider.Dispose();

    [Benchmark]
    public Task<ConnectorResult> ExecuteNoop() => registry.ExecuteAsync(request);
}
