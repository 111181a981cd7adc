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

    /// <summary>One raw POST (the baseline's call).</summary>
    public Task<HttpStatusCode> RawHttpClientPost() => RawPostAsync(url, Body);

    /// <summary>One execute.</summary>
    public Task<ConnectorResult> ExecuteSlack() => Registry.ExecuteAsync(literal);

    /// <summary>One execute.</summary>
    public Task<ConnectorResult> ExecuteSlackTemplated() => Registry.ExecuteAsync(templated);

    [Benchmark(Baseline = true, OperationsPerInvoke = OneAtATimeOps), BenchmarkCategory(OneAtATime)]
    public Task RawHttpClientPostInARow() => InARow(RawHttpClientPost);

    [Benchmark(OperationsPerInvoke = OneAtATimeOps), BenchmarkCategory(OneAtATime)]
    public Task ExecuteSlackInARow() => InARow(ExecuteSlack);

    [Benchmark(OperationsPerInvoke = OneAtATimeOps), BenchmarkCategory(OneAtATime)]
    public Task ExecuteSlackTemplatedInARow() => InARow(ExecuteSlackTemplated);

    [Benchmark(Baseline = true, OperationsPerInvoke = InFlightOps), BenchmarkCategory(InFlight)]
    public Task RawHttpClientPostInFlight() => AllInFlight(RawHttpClientPost);

    [Benchmark(OperationsPerInvoke = InFlightOps), BenchmarkCategory(InFlight)]
    public Task ExecuteSlackInFlight() => AllInFlight(ExecuteSlack);

    [Benchmark(OperationsPerInvoke = InFlightOps), BenchmarkCategory(InFlight)]
    public Task ExecuteSlackTemplatedInFlight() => AllInFlight(ExecuteSlackTemplated);
}
