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
/// <c>ExecuteAsync(.webhook)</c> against a raw <see cref="HttpClient"/> POST of the same bytes to the same loopback
/// Kestrel sink. Goal: the connector reaches ≥ 0.90× the raw client's throughput.
/// </summary>
[MemoryDiagnoser]
public class WebhookDispatchBenchmarks
{
    private const string Body = """{"alert":"CPU above 90%","host":"web-01","value":93.5}""";
    private WebApplication sink = null!;
    private ServiceProvider provider = null!;
    private IConnectorRegistry registry = null!;
    private HttpClient raw = null!;
    private ExecuteRequest request = null!;
    private string url = null!;

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
            await context.Response.WriteAsync("ok");
        });
        await sink.StartAsync();
        url = sink.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddConnectors(o => o.License = LicenseLevel.Gold);
        provider = services.BuildServiceProvider();
        registry = provider.GetRequiredService<IConnectorRegistry>();
        var connector = await registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "hook",
            ConnectorTypeId = ".webhook",
            Config = new JsonObject { ["url"] = url, ["hasAuth"] = false, ["headers"] = new JsonObject { ["Content-Type"] = "application/json" } },
        });
        request = new ExecuteRequest { ConnectorId = connector.Id, Params = new JsonObject { ["body"] = Body } };
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
    public async Task<HttpStatusCode> RawHttpClientPost()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await raw.PostAsync(url, content);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    }

    [Benchmark]
    public Task<ConnectorResult> ExecuteWebhook() => registry.ExecuteAsync(request);
}
