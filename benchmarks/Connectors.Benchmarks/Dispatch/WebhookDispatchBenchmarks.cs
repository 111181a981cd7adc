using System.Net;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>
/// <c>ExecuteAsync(.webhook)</c> against a raw <see cref="HttpClient"/> POST of the same bytes to the same loopback
/// Kestrel sink. Goal: the connector reaches ≥ 0.90× the raw client's throughput.
/// </summary>
[MemoryDiagnoser]
public class WebhookDispatchBenchmarks : LoopbackDispatchBenchmark
{
    private const string Body = """{"alert":"CPU above 90%","host":"web-01","value":93.5}""";
    private ExecuteRequest request = null!;
    private string url = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        await StartAsync(200, "ok", "text/plain");
        url = SinkUrl("/hook");
        var connector = await Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "hook",
            ConnectorTypeId = ".webhook",
            Config = new JsonObject { ["url"] = url, ["hasAuth"] = false, ["headers"] = new JsonObject { ["Content-Type"] = "application/json" } },
        });
        request = new ExecuteRequest { ConnectorId = connector.Id, Params = new JsonObject { ["body"] = Body } };
    }

    /// <summary>One raw POST (the baseline's call).</summary>
    public Task<HttpStatusCode> RawHttpClientPost() => RawPostAsync(url, Body);

    /// <summary>One execute.</summary>
    public Task<ConnectorResult> ExecuteWebhook() => Registry.ExecuteAsync(request);

    [Benchmark(Baseline = true, OperationsPerInvoke = OneAtATimeOps), BenchmarkCategory(OneAtATime)]
    public Task RawHttpClientPostInARow() => InARow(RawHttpClientPost);

    [Benchmark(OperationsPerInvoke = OneAtATimeOps), BenchmarkCategory(OneAtATime)]
    public Task ExecuteWebhookInARow() => InARow(ExecuteWebhook);

    [Benchmark(Baseline = true, OperationsPerInvoke = InFlightOps), BenchmarkCategory(InFlight)]
    public Task RawHttpClientPostInFlight() => AllInFlight(RawHttpClientPost);

    [Benchmark(OperationsPerInvoke = InFlightOps), BenchmarkCategory(InFlight)]
    public Task ExecuteWebhookInFlight() => AllInFlight(ExecuteWebhook);
}
