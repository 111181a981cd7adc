using BenchmarkDotNet.Running;
using Connectors.Benchmarks.Dispatch;

// "quick" prints a fast, rough per-execute time and allocation for the pipeline (for iterating on hot paths);
// anything else goes to BenchmarkDotNet.
// "quick noop" / "quick webhook" / "quick raw" run one of them only, for a profiler.
if (args is ["quick"] or ["quick", "noop" or "webhook" or "raw" or "slack" or "pagerduty"])
{
    var only = args.Length > 1 ? args[1] : null;
    var bench = new PipelineOverheadBenchmarks();
    await bench.SetupAsync();
    if (only is null or "noop")
    {
        await Measure("noop", bench.ExecuteNoop);
    }

    if (only is null or "webhook")
    {
        await Measure("webhook, no network", bench.ExecuteWebhookNoNetwork);
    }

    if (only is "slack")
    {
        await Measure("slack, no network", bench.ExecuteSlackNoNetwork);
    }

    if (only is "pagerduty")
    {
        await Measure("pagerduty, no network", bench.ExecutePagerDutyNoNetwork);
    }

    if (only is null or "raw")
    {
        await Measure("raw HttpClient, no network", bench.RawNoNetwork);
    }

    bench.Cleanup();
    return;
}

// "quick nonet": the no-network executes and the raw client, interleaved in rounds after a long warm-up, one call at a
// time; median CPU-bound time per call of each (for comparing builds on the pipeline's own cost). QUICK_BODY=1 adds
// PagerDuty's event body alone, written plain (pd-body) and through Utf8JsonWriter (pd-writer).
if (args is ["quick", "nonet"])
{
    var bench = new PipelineOverheadBenchmarks();
    await bench.SetupAsync();
    List<(string Name, Func<Task> Run)> all =
    [
        ("raw", bench.RawNoNetwork),
        ("noop", bench.ExecuteNoop),
        ("webhook", bench.ExecuteWebhookNoNetwork),
        ("slack", bench.ExecuteSlackNoNetwork),
        ("pagerduty", bench.ExecutePagerDutyNoNetwork),
    ];
    if (Environment.GetEnvironmentVariable("QUICK_BODY") == "1")
    {
        var pd = new Connectors.ConnectorTypes.PagerDuty.PagerDutyParams { EventAction = Connectors.ConnectorTypes.PagerDuty.PagerDutyEventAction.Trigger, DedupKey = "rule-1-host-a", Summary = "CPU above 90%", Source = "web-01", Severity = Connectors.ConnectorTypes.PagerDuty.PagerDutySeverity.Critical };
        all.Add(("pd-body", () => { Connectors.ConnectorTypes.PagerDuty.PagerDutyConnector.Body("c-1", pd); return Task.CompletedTask; }));
        all.Add(("pd-writer", () =>
        {
            Connectors.Internal.JsonBytes.Write(pd, static (writer, p) =>
            {
                var escaped = new Connectors.Internal.Utf8JsonBodyWriter(writer, Connectors.ConnectorTypes.Common.HttpResults.JsonOptions);
                Connectors.ConnectorTypes.PagerDuty.PagerDutyConnector.WriteBody(ref escaped, "c-1", p);
            }, Connectors.ConnectorTypes.Common.HttpResults.JsonOptions);
            return Task.CompletedTask;
        }));
    }

    await NoNetwork.InterleaveAsync(all);
    bench.Cleanup();
    return;
}

// "quick template": Connectors.Core against Handlebars.Net, interleaved, CPU time per render ("quick template all" adds
// the dictionary variables and Stubble; "quick template connectors" renders only ours, for a profiler).
if (args is ["quick", "template", ..])
{
    Connectors.Benchmarks.Templating.TemplateQuick.Run(args.Length > 2 ? args[2] : null);
    return;
}

if (args is ["probe"])
{
    await Probe.RunAsync();
    return;
}

// "quick dispatch": each connector execute against its raw HttpClient baseline on the same sink, interleaved in
// rounds (raw, execute, raw, execute, ...) so that a machine whose load changes affects both alike; medians.
// QUICK_BLOCK=1 waits for each operation synchronously (BenchmarkDotNet's old one-call-per-invocation shape); QUICK_ONLY=webhook|slack|slack-plain|pagerduty runs one
// (slack-plain: without the templated execute).
if (args is ["quick", "dispatch"])
{
    var block = Environment.GetEnvironmentVariable("QUICK_BLOCK") == "1";
    var only = Environment.GetEnvironmentVariable("QUICK_ONLY");
    if (only is null or "webhook")
    {
        var webhook = new WebhookDispatchBenchmarks();
        await webhook.SetupAsync();
        await Probe.Interleave(webhook, [("webhook raw", webhook.RawHttpClientPost), ("webhook execute", webhook.ExecuteWebhook)], block);
        await webhook.CleanupAsync();
    }

    if (only is null or "slack" or "slack-plain")
    {
        var slack = new SlackDispatchBenchmarks();
        await slack.SetupAsync();
        await Probe.Interleave(
            slack,
            only == "slack-plain"
                ? [("slack raw", slack.RawHttpClientPost), ("slack execute", slack.ExecuteSlack)]
                : [("slack raw", slack.RawHttpClientPost), ("slack execute", slack.ExecuteSlack), ("slack templated", slack.ExecuteSlackTemplated)],
            block);
        await slack.CleanupAsync();
    }

    if (only is null or "pagerduty")
    {
        var pagerDuty = new PagerDutyDispatchBenchmarks();
        await pagerDuty.SetupAsync();
        await Probe.Interleave(pagerDuty, [("pagerduty raw", pagerDuty.RawHttpClientPost), ("pagerduty execute", pagerDuty.ExecutePagerDuty)], block);
        await pagerDuty.CleanupAsync();
    }

    return;
}

static async Task Measure(string name, Func<Task> run)
{
    for (var i = 0; i < 20_000; i++)
    {
        await run();
    }

    var n = Environment.GetEnvironmentVariable("QUICK_N") is { } count ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : 100_000;
    using var sampler = Environment.GetEnvironmentVariable("QUICK_ALLOC") == "1" ? new AllocationSampler() : null;
    var before = GC.GetTotalAllocatedBytes(precise: true);
    var cpu = Environment.CpuUsage.TotalTime;
    var pause = GC.GetTotalPauseDuration();
    var collections = GC.CollectionCount(0);
    var watch = System.Diagnostics.Stopwatch.StartNew();
    for (var i = 0; i < n; i++)
    {
        await run();
    }

    watch.Stop();
    var cpuUsed = Environment.CpuUsage.TotalTime - cpu;
    var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
    Console.WriteLine($"{name}: {watch.Elapsed.TotalMicroseconds / n:F2} us ({cpuUsed.TotalMicroseconds / n:F2} us CPU, GC pauses {(GC.GetTotalPauseDuration() - pause).TotalMicroseconds / n:F2} us in {GC.CollectionCount(0) - collections} GCs), {bytes / n} B per execute");
    sampler?.Print();
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
