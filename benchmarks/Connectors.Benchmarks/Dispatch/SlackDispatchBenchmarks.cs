using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>
/// <c>ExecuteAsync(.slack)</c> (literal and templated message) against a raw <see cref="HttpClient"/> POST of the same
/// bytes to the same loopback sink answering <c>ok</c>. Goal: ≥ 0.90× the raw client's throughput.
/// </summary>
[MemoryDiagnoser]
public class SlackDispatchBenchmarks
{
    private const string Message = "CPU above 90% on web-01 (value 93.5)";
    private const string Body = """{"text":"CPU above 90% on web-01 (value 93.5)"}""";
    private LoopbackSink sink = null!;
    private ServiceProvider provider = null!;
    private IConnectorRegistry registry = null!;
    private HttpClient raw = null!;
    private ExecuteRequest literal = null!;
    private ExecuteRequest templated = null!;
    private string url = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        sink = await LoopbackSink.StartAsync(200, "ok", "text/html");
        url = sink.BaseUrl + "/services/T000/B000/XXXX";
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddConnectors(o => o.License = LicenseLevel.Gold);
        provider = services.BuildServiceProvider();
        registry = provider.GetRequiredService<IConnectorRegistry>();
        var connector = await registry.CreateAsync(new CreateConnectorRequest
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
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await raw.PostAsync(url, content);
        await response.Content.ReadAsStringAsync();
        return response.StatusCode;
    }

    [Benchmark]
    public Task<ConnectorResult> ExecuteSlack() => registry.ExecuteAsync(literal);

    [Benchmark]
    public Task<ConnectorResult> ExecuteSlackTemplated() => registry.ExecuteAsync(templated);
}
