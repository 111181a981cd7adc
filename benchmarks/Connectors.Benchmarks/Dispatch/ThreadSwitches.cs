namespace Connectors.Benchmarks.Dispatch;

/// <summary>
/// Context switches of this process's threads (Linux, <c>/proc/self/task/*/status</c>), summed per thread name, so that
/// a harness can say which threads (thread-pool workers, the socket engine, the timer thread) switch more per call.
/// </summary>
internal static class ThreadSwitches
{
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("QUICK_CSW") == "1" && Directory.Exists("/proc/self/task");

    public static Dictionary<string, long> Snapshot()
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!Enabled)
        {
            return totals;
        }

        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).Trim().TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9').Trim();
                long switches = 0;
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                        || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        switches += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                totals[name] = totals.GetValueOrDefault(name) + switches;
            }
            catch (IOException)
            {
                // The thread ended while it was read.
            }
        }

        return totals;
    }

    public static void Add(Dictionary<string, long> into, Dictionary<string, long> before, Dictionary<string, long> after)
    {
        foreach (var (name, count) in after)
        {
            into[name] = into.GetValueOrDefault(name) + count - before.GetValueOrDefault(name);
        }
    }
}
