using BenchmarkDotNet.Running;
using Connectors.Benchmarks.Dispatch;

// "quick" prints a fast, rough per-execute time and allocation for the pipeline (for iterating on hot paths);
// anything else goes to BenchmarkDotNet.
if (args is ["quick"])
{
    var bench = new PipelineOverheadBenchmarks();
    await bench.SetupAsync();
    for (var i = 0; i < 20_000; i++)
    {
        await bench.ExecuteNoop();
    }

    const int n = 100_000;
    var before = GC.GetAllocatedBytesForCurrentThread();
    var watch = System.Diagnostics.Stopwatch.StartNew();
    for (var i = 0; i < n; i++)
    {
        await bench.ExecuteNoop();
    }

    watch.Stop();
    var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
    Console.WriteLine($"pipeline: {watch.Elapsed.TotalMicroseconds / n:F2} us, {bytes / n} B per execute");
    bench.Cleanup();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
