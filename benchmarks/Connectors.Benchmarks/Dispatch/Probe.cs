using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Connectors.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Benchmarks.Dispatch;

internal static class Probe
{
    public static async Task RunAsync()
    {
        var bench = new WebhookDispatchBenchmarks();
        await bench.SetupAsync();
        var url = bench.SinkUrl("/hook");
        var body = Encoding.UTF8.GetBytes("""{"alert":"CPU above 90%","host":"web-01","value":93.5}""");
        var clients = bench.Services.GetRequiredService<ConnectorHttpClients>();
        var factory = bench.Services.GetRequiredService<IHttpClientFactory>();

        HttpMessageInvoker Sockets(Action<SocketsHttpHandler> configure)
        {
            var h = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
            configure(h);
            return new HttpMessageInvoker(h);
        }

        var variants = new List<(string, HttpMessageInvoker)>
        {
            ("raw default", Sockets(_ => { })),
            ("raw again", Sockets(_ => { })), // the same as raw default on its own connection: the harness's noise floor
            ("sockets+decompression", Sockets(h => h.AutomaticDecompression = DecompressionMethods.All)),
            ("primary handler", new HttpMessageInvoker(clients.CreatePrimaryHandler())),
            ("chain (policy handler with retries)", Chain(clients, clients.CreateHandlers(".webhook"))),
            ("factory client", factory.CreateClient("Connectors:.webhook")),
            ("sync pass-through", new HttpMessageInvoker(new PassThrough(async: false) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false } })),
            ("async pass-through", new HttpMessageInvoker(new PassThrough(async: true) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false } })),
        };
        var all = variants.Select(v => (v.Item1, (Func<Task>)(() => Post(v.Item2, url, body, CancellationToken.None)))).ToList();

        // The raw client with what the connector chain adds, one at a time: a cancelable token with a timer (the
        // execution and response timeouts), and the Accept-Encoding header (the chain decodes answers itself).
        var rawInvoker = variants[0].Item2;
        all.Add(("raw with timeout token", async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await Post(rawInvoker, url, body, timeout.Token);
        }));
        var never = new CancellationTokenSource();
        all.Add(("raw with shared token", () => Post(rawInvoker, url, body, never.Token)));
        all.Add(("raw with pooled timeout", async () =>
        {
            // The chain's own timeout: a reused source whose timer is set and reset per call.
            var scope = TimeoutScope.Start(TimeSpan.FromMinutes(1), CancellationToken.None, TimeProvider.System);
            try
            {
                await Post(rawInvoker, url, body, scope.Token);
            }
            finally
            {
                scope.Release(reuse: true);
            }
        }));
        all.Add(("raw with fresh token", async () =>
        {
            using var fresh = new CancellationTokenSource();
            await Post(rawInvoker, url, body, fresh.Token);
        }));
        all.Add(("raw with timeout and limit", async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
            using var response = await rawInvoker.SendAsync(message, timeout.Token);
            await response.Content.LoadIntoBufferAsync(1 << 20, timeout.Token);
            await response.Content.ReadAsByteArrayAsync();
        }));
        all.Add(("raw with accept-encoding", () => Post(rawInvoker, url, body, CancellationToken.None, acceptEncoding: true)));
        var factoryClient = variants.First(v => v.Item1 == "factory client").Item2;
        all.Add(("factory client with token", () => Post(factoryClient, url, body, never.Token)));
        var connectorClient = clients.GetClient(".webhook");
        all.Add(("connector client with token", () => Post(connectorClient, url, body, never.Token)));
        all.Add(("factory client per call", () => Post(factory.CreateClient("Connectors:.webhook"), url, body, CancellationToken.None)));
        var config = new Connectors.ConnectorTypes.Webhook.WebhookConfig
        {
            Url = url,
            HasAuth = false,
            Headers = new() { ["Content-Type"] = "application/json" },
        };
        var secrets = new Connectors.ConnectorTypes.Webhook.WebhookSecrets();
        var text = Encoding.UTF8.GetString(body);
        all.Add(("factory+webhook request", async () =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None);
            linked.CancelAfter(TimeSpan.FromMinutes(5));
            using var request = Connectors.ConnectorTypes.Webhook.WebhookConnector.BuildRequest(config, secrets, text, null);
            using var response = await factory.CreateClient("Connectors:.webhook").SendAsync(request, linked.Token);
        }));
        var noop = new PipelineOverheadBenchmarks();
        await noop.SetupAsync();
        all.Add(("noop execute", noop.ExecuteNoop));

        // The pipeline with the smallest executor: the same POST through the context's client.
        PostOnlyConnector.Target = new Uri(url);
        PostOnlyConnector.Body = body;
        var services = new ServiceCollection();
        services.AddConnectors(o => o.License = LicenseLevel.Platinum).AddConnectorType<PostOnlyConnector>();
        await using var postOnlyServices = services.BuildServiceProvider();
        var postOnlyRegistry = postOnlyServices.GetRequiredService<IConnectorRegistry>();
        var postOnly = await postOnlyRegistry.CreateAsync(new CreateConnectorRequest { Name = "post", ConnectorTypeId = ".post-only" });
        var postOnlyRequest = new ExecuteRequest { ConnectorId = postOnly.Id };
        all.Add(("post-only execute", () => postOnlyRegistry.ExecuteAsync(postOnlyRequest)));
        all.Add(("execute", bench.ExecuteWebhook));
        var filter = Environment.GetEnvironmentVariable("PROBE");
        if (filter is not null)
        {
            all = all.Where(v => filter.Split(',').Contains(v.Item1)).ToList();
        }

        await Interleave(bench, all, Environment.GetEnvironmentVariable("QUICK_BLOCK") == "1");
    }

    /// <summary>
    /// Runs the operations in interleaved rounds after a long warm-up and prints each one's median per-operation time
    /// and its throughput relative to the first (the baseline), with the process CPU time and thread-pool work items per
    /// operation; with <paramref name="block"/>, each operation is waited for synchronously (as BenchmarkDotNet waited for
    /// each call before its benchmarks made 16 calls per invocation).
    /// </summary>
    public static async Task Interleave(LoopbackDispatchBenchmark bench, List<(string Name, Func<Task> Run)> all, bool block = false)
    {
        // QUICK_PICK="pagerduty execute" runs only the named operations (one alone, for a profiler).
        if (Environment.GetEnvironmentVariable("QUICK_PICK") is { } pick)
        {
            all = all.Where(v => pick.Split(',').Contains(v.Name)).ToList();
        }

        if (block)
        {
            all = all.Select(v => (v.Name, (Func<Task>)(() =>
            {
                v.Run().GetAwaiter().GetResult();
                return Task.CompletedTask;
            }))).ToList();
        }

        const int batch = 500;
        var concurrency = Environment.GetEnvironmentVariable("QUICK_CONCURRENCY") is { } k ? int.Parse(k, System.Globalization.CultureInfo.InvariantCulture) : 1;
        var rounds = Environment.GetEnvironmentVariable("QUICK_ROUNDS") is { } r ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 30;

        // Warm up each the way it is measured (tiered JIT reaches tier 1 only after a few thousand calls and a quiet
        // period): one call at a time, then with the measured number in flight, so that the connections of every call
        // in flight are open and their code paths compiled before the first measured round; then, while the JIT's
        // background compiler still has work, more rounds (up to a limit).
        for (var w = 0; w < 4; w++)
        {
            foreach (var (_, run) in all)
            {
                for (var i = 0; i < 5_000; i++)
                {
                    await run();
                }
            }
        }

        if (concurrency > 1)
        {
            var quiet = 0;
            var warmRounds = 0;
            for (var w = 0; w < 40 && quiet < 3; w++)
            {
                var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
                foreach (var (_, run) in all)
                {
                    await InFlight(run, concurrency, 5 * batch);
                }

                quiet = System.Runtime.JitInfo.GetCompiledMethodCount() == compiled ? quiet + 1 : 0;
                warmRounds = w + 1;
            }

            Console.WriteLine($"// warm-up: {warmRounds} rounds in flight, the JIT {(quiet >= 3 ? "quiet" : "still compiling")} before measuring");
        }

        var times = all.ToDictionary(v => v.Name, _ => new List<double>());
        var cpus = all.ToDictionary(v => v.Name, _ => new List<double>());
        var items = all.ToDictionary(v => v.Name, _ => new List<double>());
        var pauses = all.ToDictionary(v => v.Name, _ => new List<double>());
        var allocated = all.ToDictionary(v => v.Name, _ => new List<double>());
        var switches = all.ToDictionary(v => v.Name, _ => new Dictionary<string, long>(StringComparer.Ordinal));
        var connections = bench.ConnectionsAccepted;
        for (var round = 0; round < rounds; round++)
        {
            // QUICK_ORDER=forward|reverse|alternate: the order of the operations in each round (alternate: forward in
            // even rounds, reversed in odd ones, so that no operation always follows the same one).
            var order = Environment.GetEnvironmentVariable("QUICK_ORDER") ?? "forward";
            var reversed = order == "reverse" || (order == "alternate" && round % 2 == 1);
            foreach (var (name, run) in reversed ? Enumerable.Reverse(all) : all)
            {
                var switchesBefore = ThreadSwitches.Snapshot();
                var cpu = Environment.CpuUsage.TotalTime;
                var work = ThreadPool.CompletedWorkItemCount;
                var pause = GC.GetTotalPauseDuration();
                var bytes = GC.GetTotalAllocatedBytes(precise: false);
                var watch = System.Diagnostics.Stopwatch.StartNew();
                if (concurrency > 1)
                {
                    await InFlight(run, concurrency, batch);
                }
                else
                {
                    for (var i = 0; i < batch; i++)
                    {
                        await run();
                    }
                }

                times[name].Add(watch.Elapsed.TotalMicroseconds / batch);
                cpus[name].Add((Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / batch);
                items[name].Add((ThreadPool.CompletedWorkItemCount - work) / (double)batch);
                pauses[name].Add((GC.GetTotalPauseDuration() - pause).TotalMicroseconds / batch);
                allocated[name].Add((GC.GetTotalAllocatedBytes(precise: false) - bytes) / (double)batch);
                ThreadSwitches.Add(switches[name], switchesBefore, ThreadSwitches.Snapshot());
            }
        }

        var baseline = Median(times[all[0].Name]);
        foreach (var (name, _) in all)
        {
            var m = Median(times[name]);
            Console.WriteLine($"{name,-24}: median {m,7:F1} us, min {times[name].Min(),7:F1} us, ratio {baseline / m:F2}, cpu median {Median(cpus[name]),7:F1} us, {Median(items[name]):F2} work items/op, GC pause {pauses[name].Average():F2} us/op, {Median(allocated[name]):F0} B/op");
            if (ThreadSwitches.Enabled)
            {
                var ops = (double)batch * rounds;
                Console.WriteLine("    context switches per op: " + string.Join(", ", switches[name].Where(s => s.Value > 0)
                    .OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value / ops:F2}")) + $" (total {switches[name].Values.Sum() / ops:F2})");
            }
        }

        Console.WriteLine($"new connections during measurement: {bench.ConnectionsAccepted - connections}");
    }

    /// <summary>Throughput with <paramref name="concurrency"/> calls in flight: each of that many loops makes its share of <paramref name="calls"/>.</summary>
    private static Task InFlight(Func<Task> run, int concurrency, int calls)
    {
        if (Burst)
        {
            return InBursts(run, concurrency, calls);
        }

        var loops = new Task[concurrency];
        for (var c = 0; c < concurrency; c++)
        {
            loops[c] = Task.Run(async () =>
            {
                for (var i = 0; i < calls / concurrency; i++)
                {
                    await run();
                }
            });
        }

        return Task.WhenAll(loops);
    }

    /// <summary>
    /// QUICK_BURST=1: the calls in flight started together and all awaited before the next burst, as BenchmarkDotNet's
    /// in-flight benchmarks made them before they kept lanes (instead of that many loops that each start their next call
    /// when one ends, which is what they do now).
    /// </summary>
    private static bool Burst { get; } = Environment.GetEnvironmentVariable("QUICK_BURST") == "1";

    private static async Task InBursts(Func<Task> run, int concurrency, int calls)
    {
        var burst = new Task[concurrency];
        for (var done = 0; done < calls; done += concurrency)
        {
            for (var c = 0; c < concurrency; c++)
            {
                burst[c] = run();
            }

            await Task.WhenAll(burst);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static HttpMessageInvoker Chain(ConnectorHttpClients clients, List<DelegatingHandler> chain)
    {
        for (var i = 0; i < chain.Count - 1; i++)
        {
            chain[i].InnerHandler = chain[i + 1];
        }

        chain[^1].InnerHandler = clients.CreatePrimaryHandler();
        return new HttpMessageInvoker(chain[0]);
    }

    /// <summary>A handler that adds nothing: as a plain call, or as one async frame awaiting the inner handler.</summary>
    private sealed class PassThrough(bool async) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            async ? SendAwaitedAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);

        private async Task<HttpResponseMessage> SendAwaitedAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static async Task Post(HttpMessageInvoker invoker, string url, byte[] body, CancellationToken token, bool acceptEncoding = false)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (acceptEncoding)
        {
            message.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");
        }

        using var response = await invoker.SendAsync(message, token);
        await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task Run(string name, LoopbackDispatchBenchmark bench, Func<Task> run)
    {
        for (var i = 0; i < 2_000; i++)
        {
            await run();
        }

        const int n = 10_000;
        var connections = bench.ConnectionsAccepted;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            await run();
        }

        watch.Stop();
        var cpuUsed = Environment.CpuUsage.TotalTime - cpu;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
        Console.WriteLine($"{name,-24}: {watch.Elapsed.TotalMicroseconds / n,7:F1} us wall, {cpuUsed.TotalMicroseconds / n,7:F1} us cpu, {bytes / n,6} B, {bench.ConnectionsAccepted - connections} new conns");
    }
}
