using BenchmarkDotNet.Running;
using Connectors.Benchmarks.Dispatch;

// "quick" prints a fast, rough per-execute time and allocation for the pipeline (for iterating on hot paths);
// anything else goes to BenchmarkDotNet.
if (args is ["quick"])
{
    var bench = new PipelineOverheadBenchmarks();
    await bench.SetupAsync();
    await Measure("noop", bench.ExecuteNoop);
    await Measure("webhook, no network", bench.ExecuteWebhookNoNetwork);
    bench.Cleanup();
    return;
}

static async Task Measure(string name, Func<Task> run)
{
    for (var i = 0; i < 20_000; i++)
    {
        await run();
    }

    const int n = 100_000;
    var before = GC.GetTotalAllocatedBytes(precise: true);
    var watch = System.Diagnostics.Stopwatch.StartNew();
    for (var i = 0; i < n; i++)
    {
        await run();
    }

    watch.Stop();
    var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
    Console.WriteLine($"{name}: {watch.Elapsed.TotalMicroseconds / n:F2} us, {bytes / n} B per execute");
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
