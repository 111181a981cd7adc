namespace Connectors.Benchmarks.Dispatch;

/// <summary>
/// "quick nonet": operations without network, one call at a time, interleaved in rounds after a long warm-up (tiered
/// JIT at tier 1), so that a drifting machine affects each alike; prints each one's median time and allocation per call.
/// </summary>
internal static class NoNetwork
{
    public static async Task InterleaveAsync(List<(string Name, Func<Task> Run)> all)
    {
        // QUICK_PICK="pagerduty" runs only the named operations (one alone, for a profiler).
        if (Environment.GetEnvironmentVariable("QUICK_PICK") is { } pick)
        {
            all = all.Where(v => pick.Split(',').Contains(v.Name)).ToList();
        }

        var rounds = Environment.GetEnvironmentVariable("QUICK_ROUNDS") is { } r ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 40;
        const int Batch = 20_000;
        var watchWarm = System.Diagnostics.Stopwatch.StartNew();
        while (watchWarm.Elapsed < TimeSpan.FromSeconds(6))
        {
            foreach (var (_, run) in all)
            {
                for (var i = 0; i < 2_000; i++)
                {
                    await run();
                }
            }
        }

        Console.WriteLine($"// JIT after warm-up: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods compiled, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms");
        var times = all.ToDictionary(v => v.Name, _ => new List<double>());
        var bytes = all.ToDictionary(v => v.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, run) in round % 2 == 0 ? all : Enumerable.Reverse(all))
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                for (var i = 0; i < Batch; i++)
                {
                    await run();
                }

                times[name].Add(watch.Elapsed.TotalNanoseconds / Batch);
                bytes[name].Add((GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)Batch);
            }
        }

        Console.WriteLine($"// JIT: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods compiled, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms");
        foreach (var (name, _) in all)
        {
            var sorted = times[name].Order().ToList();
            Console.WriteLine($"{name,-12}: median {sorted[sorted.Count / 2],7:F0} ns, p25 {sorted[sorted.Count / 4],7:F0}, p75 {sorted[sorted.Count * 3 / 4],7:F0}, {bytes[name].Order().ElementAt(bytes[name].Count / 2),6:F0} B/op");
        }
    }
}
