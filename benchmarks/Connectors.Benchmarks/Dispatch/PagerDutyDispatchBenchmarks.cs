using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>
/// <c>ExecuteAsync(.pagerduty)</c> (a trigger event) against a raw <see cref="HttpClient"/> POST of the same event to
/// the same loopback sink answering 202. Goal: ≥ 0.90× the raw client's throughput.
/// </summary>
[MemoryDiagnoser]
public class PagerDutyDispatchBenchmarks
{
    private const string Accepted = """{"status":"success","message":"Event processed","dedup_key":"rule-1-host-a"}""";
    private const string Event =
        """{"event_action":"trigger","dedup_key":"rule-1-host-a","payload":{"summary":"CPU above 90%","source":"web-01","severity":"critical"}}""";
    private LoopbackSink sink = null!;
    private ServiceProvider provider = null!;
    private IConnectorRegistry registry = null!;
    private HttpClient raw = null!;
    private ExecuteRequest request = null!;
    private string url = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        sink = await LoopbackSink.StartAsync(202, Accepted, "application/json");
        url = sink.BaseUrl + "/v2/enqueue";
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddConnectors(o => o.License = LicenseLevel.Gold);
        provider = services.BuildServiceProvider();
        registry = provider.GetRequiredService<IConnectorRegistry>();
        var connector = await registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "pagerduty",
            ConnectorTypeId = ".pagerduty",
            Config = new JsonObject { ["apiUrl"] = url },
            Secrets = new JsonObject { ["routingKey"] = "R0UT1NGKEY" },
        });
        request = new ExecuteRequest
        {
            ConnectorId = connector.Id,
            Params = new JsonObject
            {
                ["eventAction"] = "trigger",
                ["dedupKey"] = "rule-1-host-a",
                ["summary"] = "CPU above 90%",
                ["source"] = "web-01",
                ["severity"] = "critical",
            },
        };
        raw = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        raw.Dispose();
        await provider.DisposeAsync();
        await sink.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public async Task<HttpStatusCode> RawHttpClientPost()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Event));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        message.Headers.TryAddWithoutValidation("X-Routing-Key", "R0UT1NGKEY");
        using var response = await raw.SendAsync(message);
        await response.Content.ReadAsStringAsync();
        return response.StatusCode;
    }

    [Benchmark]
    public Task<ConnectorResult> ExecutePagerDuty() => registry.ExecuteAsync(request);
}
