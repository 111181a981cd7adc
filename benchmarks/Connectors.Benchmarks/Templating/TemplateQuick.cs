namespace Connectors.Benchmarks.Templating;

/// <summary>
/// "quick template": Connectors.Core and Handlebars.Net (and the other peers) render the benchmark template in
/// interleaved rounds in one process; prints the minimum and median CPU time per render of each. "quick template
/// connectors" renders only Connectors.Core's template in a long loop (for a profiler).
/// </summary>
internal static class TemplateQuick
{
    public static void Run(string? only)
    {
        var bench = new TemplateRenderingBenchmarks();
        bench.Setup();
        if (only == "connectors")
        {
            var n = Environment.GetEnvironmentVariable("QUICK_N") is { } count ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : 20_000_000;
            var cpu = Environment.CpuUsage.TotalTime;
            for (var i = 0; i < n; i++)
            {
                bench.ConnectorsMustache();
            }

            Console.WriteLine($"connectors: {(Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds * 1000 / n:F0} ns CPU per render");
            return;
        }

        List<(string Name, Func<string> Render)> all =
        [
            ("connectors", bench.ConnectorsMustache),
            ("handlebars", bench.HandlebarsNet),
            ("connectors prepared", bench.ConnectorsMustachePrepared),
        ];
        if (only == "all")
        {
            all.Add(("connectors clr", bench.ConnectorsMustacheClr));
            all.Add(("stubble", bench.Stubble));
        }

        foreach (var (_, render) in all)
        {
            for (var i = 0; i < 200_000; i++)
            {
                render();
            }
        }

        Thread.Sleep(200); // let tiered compilation finish its background work
        var rounds = Environment.GetEnvironmentVariable("QUICK_ROUNDS") is { } r ? int.Parse(r, System.Globalization.CultureInfo.InvariantCulture) : 40;
        const int batch = 20_000;
        var cpus = all.ToDictionary(v => v.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, render) in all)
            {
                var start = Environment.CpuUsage.TotalTime;
                for (var i = 0; i < batch; i++)
                {
                    render();
                }

                cpus[name].Add((Environment.CpuUsage.TotalTime - start).TotalMicroseconds * 1000 / batch);
            }
        }

        var baseline = cpus[all[0].Name];
        foreach (var (name, _) in all)
        {
            var sorted = cpus[name].Order().ToList();
            Console.WriteLine($"{name,-16}: min {sorted[0],6:F0} ns, median {sorted[sorted.Count / 2],6:F0} ns CPU per render; vs connectors min {sorted[0] / baseline.Min():F2}x, median {sorted[sorted.Count / 2] / baseline.Order().ElementAt(baseline.Count / 2):F2}x");
        }

    }
}
