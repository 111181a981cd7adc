namespace RuleEngine;

/// <summary>One reading of a host's CPU usage, in percent.</summary>
public sealed record MetricSample(string Host, double Cpu);

/// <summary>Generated metrics: each evaluation reads the next row of a fixed script, so every run is the same.</summary>
public sealed class MetricGenerator(IReadOnlyList<IReadOnlyList<MetricSample>> script)
{
    private int next;

    /// <summary>web-01 climbs above 90% and recovers; db-01 stays calm.</summary>
    public static MetricGenerator Demo() => new(
    [
        [new("web-01", 42), new("db-01", 35)],
        [new("web-01", 93.5), new("db-01", 38)],
        [new("web-01", 97.25), new("db-01", 41)],
        [new("web-01", 61), new("db-01", 39)],
        [new("web-01", 55), new("db-01", 36)],
    ]);

    /// <summary>The next readings; the last row repeats once the script is exhausted.</summary>
    public IReadOnlyList<MetricSample> Next() => script[Math.Min(next++, script.Count - 1)];
}
