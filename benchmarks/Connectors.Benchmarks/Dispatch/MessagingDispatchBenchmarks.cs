using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>
/// <c>ExecuteAsync(.slack)</c> and <c>ExecuteAsync(.pagerduty)</c> against a raw <see cref="HttpClient"/> POST of the
/// same bytes to the same loopback Kestrel sink (Slack answers <c>ok</c>, PagerDuty <c>202</c>). Goal: each connector
/// reaches ≥ 0.90× the raw client's throughput.
/// </summary>
[MemoryDiagnoser]
public class MessagingDispatchBenchmarks
{
    private const string SlackBody = """{"text":"CPU above 90% on web-01"}""";
    private const string PagerDutyBody = """{"event_action":"trigger","dedup_key":"rule-1-alert-1","payload":{"summary":"CPU above 90% on web-01","source":"web-01","severity":"critical"}}""";
    private const string PagerDutyAccepted = """{"status":"success","message":"Event processed","dedup_key":"rule-1-alert-1"}""";
    private WebApplication sink = null!;
    private ServiceProvider provider = null!;
    private IConnectorRegistry registry = null!;
    private HttpClient raw = null!;
    private ExecuteRequest slack = null!;
    private ExecuteRequest pagerDuty = null!;
    private string baseUrl = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        sink = builder.Build();
        sink.Run(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            if (context.Request.Path.StartsWithSegments("/v2/enqueue", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 202;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(PagerDutyAccepted);
                return;
            }

            await context.Response.WriteAsync("ok");
        });
        await sink.StartAsync();
        baseUrl = sink.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddConnectors(o => o.License = LicenseLevel.Gold);
        provider = services.BuildServiceProvider();
        registry = provider.GetRequiredService<IConnectorRegistry>();
        var slackConnector = await registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "slack",
            ConnectorTypeId = ".slack",
            Secrets = new JsonObject { ["webhookUrl"] = baseUrl + "/services/T000/B000/XXXX" },
        });
        var pagerDutyConnector = await registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "pagerduty",
            ConnectorTypeId = ".pagerduty",
            Config = new JsonObject { ["apiUrl"] = baseUrl + "/v2/enqueue" },
            Secrets = new JsonObject { ["routingKey"] = "R0UT1NGKEY0000000000000000000000" },
        });
        slack = new ExecuteRequest { ConnectorId = slackConnector.Id, Params = new JsonObject { ["message"] = "CPU above 90% on web-01" } };
        pagerDuty = new ExecuteRequest
        {
            ConnectorId = pagerDutyConnector.Id,
            Params = new JsonObject
            {
                ["eventAction"] = "trigger", ["dedupKey"] = "rule-1-alert-1", ["summary"] = "CPU above 90% on web-01",
                ["source"] = "web-01", ["severity"] = "critical",
            },
        };
        raw = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        raw.Dispose();
        await provider.DisposeAsync();
        await sink.StopAsync();
        await sink.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<HttpStatusCode> RawHttpClientSlackPost() => PostAsync("/services/T000/B000/XXXX", SlackBody, null);

    [Benchmark]
    public Task<ConnectorResult> ExecuteSlack() => registry.ExecuteAsync(slack);

    [Benchmark]
    public Task<HttpStatusCode> RawHttpClientPagerDutyPost() => PostAsync("/v2/enqueue", PagerDutyBody, "R0UT1NGKEY0000000000000000000000");

    [Benchmark]
    public Task<ConnectorResult> ExecutePagerDuty() => registry.ExecuteAsync(pagerDuty);

    private async Task<HttpStatusCode> PostAsync(string path, string body, string? routingKey)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var message = new HttpRequestMessage(HttpMethod.Post, baseUrl + path) { Content = content };
        if (routingKey is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Routing-Key", routingKey);
        }

        using var response = await raw.SendAsync(message);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    }
}
