using System.Net;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>
/// <c>ExecuteAsync(.slack)</c> (literal and templated message) against a raw <see cref="HttpClient"/> POST of the same
/// bytes to the same loopback sink answering <c>ok</c>. Goal: ≥ 0.90× the raw client's throughput.
/// </summary>
[MemoryDiagnoser]
public class SlackDispatchBenchmarks : LoopbackDispatchBenchmark
{
    private const string Message = "CPU above 90% on web-01 (value 93.5)";
    private const string Body = """{"text":"CPU above 90% on web-01 (value 93.5)"}""";
    private ExecuteRequest literal = null!;
    private ExecuteRequest templated = null!;
    private string url = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        await StartAsync(200, "ok", "text/html");
        url = SinkUrl("/services/T000/B000/XXXX");
        var connector = await Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "slack",
            ConnectorTypeId = ".slack",
            Secrets = new JsonObject { ["webhookUrl"] = url },
        });
        literal = new ExecuteRequest { ConnectorId = connector.Id, Params = new JsonObject { ["message"] = Message } };
        templated = new ExecuteRequest
        {
            ConnectorId = connector.Id,
            Params = new JsonObject { ["message"] = "{{context.metric}} above 90% on {{context.host}} (value {{context.value}})" },
            Variables = new { context = new { metric = "CPU", host = "web-01", value = 93.5 } },
        };
    }

    [Benchmark(Baseline = true), BenchmarkCategory(OneAtATime)]
    public Task<HttpStatusCode> RawHttpClientPost() => RawPostAsync(url, Body);

    [Benchmark, BenchmarkCategory(OneAtATime)]
    public Task<ConnectorResult> ExecuteSlack() => Registry.ExecuteAsync(literal);

    [Benchmark, BenchmarkCategory(OneAtATime)]
    public Task<ConnectorResult> ExecuteSlackTemplated() => Registry.ExecuteAsync(templated);

    [Benchmark(Baseline = true, OperationsPerInvoke = InFlightCalls), BenchmarkCategory(InFlight)]
    public Task RawHttpClientPostInFlight() => AllInFlight(RawHttpClientPost);

    [Benchmark(OperationsPerInvoke = InFlightCalls), BenchmarkCategory(InFlight)]
    public Task ExecuteSlackInFlight() => AllInFlight(ExecuteSlack);

    [Benchmark(OperationsPerInvoke = InFlightCalls), BenchmarkCategory(InFlight)]
    public Task ExecuteSlackTemplatedInFlight() => AllInFlight(ExecuteSlackTemplated);
}
