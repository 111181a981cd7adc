using System.Net;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>
/// <c>ExecuteAsync(.pagerduty)</c> (a trigger event) against a raw <see cref="HttpClient"/> POST of the same event to
/// the same loopback sink answering 202. Goal: ≥ 0.90× the raw client's throughput.
/// </summary>
[MemoryDiagnoser]
public class PagerDutyDispatchBenchmarks : LoopbackDispatchBenchmark
{
    internal const string Accepted = """{"status":"success","message":"Event processed","dedup_key":"rule-1-host-a"}""";
    private const string Event =
        """{"event_action":"trigger","dedup_key":"rule-1-host-a","payload":{"summary":"CPU above 90%","source":"web-01","severity":"critical"}}""";
    private ExecuteRequest request = null!;
    private string url = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        await StartAsync(202, Accepted, "application/json");
        url = SinkUrl("/v2/enqueue");
        var connector = await Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "pagerduty",
            ConnectorTypeId = ".pagerduty",
            Config = new JsonObject { ["apiUrl"] = url },
            Secrets = new JsonObject { ["routingKey"] = "R0UT1NGKEY" },
        });
        request = new ExecuteRequest
        {
            ConnectorId = connector.Id,
            Params = TriggerParams(),
        };
    }

    /// <summary>The params of the benchmarked trigger event.</summary>
    internal static JsonObject TriggerParams() => new()
    {
        ["eventAction"] = "trigger",
        ["dedupKey"] = "rule-1-host-a",
        ["summary"] = "CPU above 90%",
        ["source"] = "web-01",
        ["severity"] = "critical",
    };

    /// <summary>One raw POST (the baseline's call).</summary>
    public Task<HttpStatusCode> RawHttpClientPost() => RawPostAsync(url, Event, ("X-Routing-Key", "R0UT1NGKEY"));

    /// <summary>One execute.</summary>
    public Task<ConnectorResult> ExecutePagerDuty() => Registry.ExecuteAsync(request);

    [Benchmark(Baseline = true, OperationsPerInvoke = OneAtATimeOps), BenchmarkCategory(OneAtATime)]
    public Task RawHttpClientPostInARow() => InARow(RawHttpClientPost);

    [Benchmark(OperationsPerInvoke = OneAtATimeOps), BenchmarkCategory(OneAtATime)]
    public Task ExecutePagerDutyInARow() => InARow(ExecutePagerDuty);

    [Benchmark(Baseline = true, OperationsPerInvoke = InFlightOps), BenchmarkCategory(InFlight)]
    public Task RawHttpClientPostInFlight() => AllInFlight(RawHttpClientPost);

    [Benchmark(OperationsPerInvoke = InFlightOps), BenchmarkCategory(InFlight)]
    public Task ExecutePagerDutyInFlight() => AllInFlight(ExecutePagerDuty);
}
