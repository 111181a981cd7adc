using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>
/// What every dispatch benchmark shares: a loopback sink, a registry over <c>AddConnectors()</c>, and the raw
/// <see cref="HttpClient"/> baseline that posts the same bytes to the same sink.
/// </summary>
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public abstract class LoopbackDispatchBenchmark
{
    /// <summary>Calls in flight at once in the "16 in flight" benchmarks (throughput under load).</summary>
    protected const int InFlightCalls = 16;

    /// <summary>
    /// Calls each benchmark invocation makes in a row (one at a time), or on each of the <see cref="InFlightCalls"/>
    /// lanes. BenchmarkDotNet blocks on each invocation's task; with one call per invocation, that wait and its wake-up
    /// dominated the figure and made its iterations swing by ±40% on a small VM.
    /// </summary>
    protected const int CallsPerLane = 16;

    /// <summary>Operations per invocation of a "one at a time" benchmark.</summary>
    protected const int OneAtATimeOps = CallsPerLane;

    /// <summary>Operations per invocation of a "16 in flight" benchmark.</summary>
    protected const int InFlightOps = InFlightCalls * CallsPerLane;

    /// <summary>The category of the benchmarks that make one call at a time.</summary>
    protected const string OneAtATime = "one at a time";

    /// <summary>The category of the benchmarks that keep <see cref="InFlightCalls"/> calls in flight.</summary>
    protected const string InFlight = "16 in flight";

    /// <summary>
    /// What a connector's request advertises (as Kibana's client does), sent by the raw client too so that both send the
    /// same bytes; the raw client does not decode (the sink never encodes), so it does the least work that request takes.
    /// </summary>
    private const string AcceptEncoding = "gzip, deflate, br";

    /// <summary>QUICK_RAW_PLAIN=1: the raw client without <c>Accept-Encoding</c> (the baseline before the ninth session).</summary>
    private static readonly bool RawWithoutAcceptEncoding = Environment.GetEnvironmentVariable("QUICK_RAW_PLAIN") == "1";

    private LoopbackSink sink = null!;
    private ServiceProvider provider = null!;
    private HttpClient raw = null!;

    /// <summary>The services behind <see cref="Registry"/>.</summary>
    public IServiceProvider Services => provider;

    /// <summary>The registry under test.</summary>
    protected IConnectorRegistry Registry { get; private set; } = null!;

    /// <summary>TCP connections the sink has accepted so far (a check that both sides reuse their connections).</summary>
    public int ConnectionsAccepted => sink.ConnectionsAccepted;

    /// <summary>A URL on the sink.</summary>
    public string SinkUrl(string path) => sink.BaseUrl + path;

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        // Evidence in the run's log that both sides keep their connections (one each, or a few after idle timeouts).
        Console.WriteLine($"// loopback sink accepted {ConnectionsAccepted} TCP connection(s) in this process");
        raw.Dispose();
        await provider.DisposeAsync();
        await sink.DisposeAsync();
    }

    /// <summary>Starts the sink (answering <paramref name="status"/> and <paramref name="body"/>) and the registry.</summary>
    protected async Task StartAsync(int status, string body, string contentType)
    {
        sink = await LoopbackSink.StartAsync(status, body, contentType);
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddConnectors(o =>
        {
            o.License = LicenseLevel.Platinum;
            // QUICK_EVENTLOG=N: the in-memory event log's capacity (an experiment on its cache footprint).
            if (Environment.GetEnvironmentVariable("QUICK_EVENTLOG") is { } capacity)
            {
                o.EventLogCapacity = int.Parse(capacity, System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        provider = services.BuildServiceProvider();
        Registry = provider.GetRequiredService<IConnectorRegistry>();
        raw = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    }

    /// <summary>Makes <see cref="CallsPerLane"/> calls, each after the one before it.</summary>
    protected static async Task InARow<T>(Func<Task<T>> call)
    {
        for (var i = 0; i < CallsPerLane; i++)
        {
            await call();
        }
    }

    /// <summary>
    /// Keeps <see cref="InFlightCalls"/> calls in flight: that many lanes, each making <see cref="CallsPerLane"/> calls in
    /// a row, so that a new call starts as soon as one ends (a dispatcher under load).
    /// </summary>
    protected static Task AllInFlight<T>(Func<Task<T>> call)
    {
        var lanes = new Task[InFlightCalls];
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = InARow(call);
        }

        return Task.WhenAll(lanes);
    }

    /// <summary>
    /// The baseline: a raw POST of <paramref name="json"/> with the connector's headers (<c>Accept-Encoding</c> and
    /// <paramref name="headers"/>), reading the whole response.
    /// </summary>
    protected async Task<HttpStatusCode> RawPostAsync(string url, string json, params (string Name, string Value)[] headers)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (!RawWithoutAcceptEncoding)
        {
            message.Headers.TryAddWithoutValidation("Accept-Encoding", AcceptEncoding);
        }

        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await raw.SendAsync(message);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    }
}
