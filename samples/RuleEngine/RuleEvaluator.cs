using Connectors;

namespace RuleEngine;

/// <summary>What one dispatch sent and got back.</summary>
public sealed record Dispatch(int Evaluation, string AlertId, ActionGroup Group, ConnectorResult Result);

/// <summary>
/// Evaluates a threshold rule on a timer and dispatches its actions through <see cref="IConnectorRegistry"/> with
/// templated params: the alert's variables (<c>rule</c>, <c>alert</c>, <c>context</c>, <c>date</c>) render each string.
/// </summary>
public sealed class RuleEvaluator(IConnectorRegistry connectors, TimeProvider timeProvider)
{
    private readonly HashSet<string> activeAlerts = new(StringComparer.Ordinal);
    private readonly List<Dispatch> dispatches = [];
    private int evaluations;
    private int completed;

    /// <summary>Every dispatch so far.</summary>
    public IReadOnlyList<Dispatch> Dispatches => dispatches;

    /// <summary>How many evaluations <see cref="RunAsync"/> has finished.</summary>
    public int CompletedEvaluations => Volatile.Read(ref completed);

    /// <summary>The alerts active after the last evaluation.</summary>
    public IReadOnlyCollection<string> ActiveAlerts => activeAlerts;

    /// <summary>Evaluates <paramref name="count"/> times, once per <paramref name="interval"/> of <see cref="TimeProvider"/>.</summary>
    public async Task RunAsync(ThresholdRule rule, MetricGenerator metrics, TimeSpan interval, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        using var timer = new PeriodicTimer(interval, timeProvider);
        for (var i = 0; i < count && await timer.WaitForNextTickAsync(cancellationToken); i++)
        {
            await EvaluateAsync(rule, metrics.Next(), cancellationToken);
            Interlocked.Increment(ref completed);
        }
    }

    /// <summary>Evaluates the rule once: new alerts run the active actions, recovered alerts the recovered actions.</summary>
    public async Task EvaluateAsync(ThresholdRule rule, IReadOnlyList<MetricSample> samples, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(samples);
        evaluations++;
        foreach (var sample in samples)
        {
            var above = sample.Cpu > rule.Threshold;
            var group = (above, activeAlerts.Contains(sample.Host)) switch
            {
                (true, false) => ActionGroup.Active,
                (false, true) => ActionGroup.Recovered,
                _ => (ActionGroup?)null,
            };
            if (group is null)
            {
                continue;
            }

            if (group == ActionGroup.Active)
            {
                activeAlerts.Add(sample.Host);
            }
            else
            {
                activeAlerts.Remove(sample.Host);
            }

            var variables = new
            {
                rule = new { id = rule.Id, name = rule.Name },
                alert = new { id = sample.Host, actionGroup = group == ActionGroup.Active ? "threshold met" : "recovered" },
                context = new { host = sample.Host, value = sample.Cpu, threshold = rule.Threshold },
                date = timeProvider.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            };
            foreach (var action in rule.Actions.Where(a => a.Group == group))
            {
                var result = await connectors.ExecuteAsync(
                    new ExecuteRequest { ConnectorId = action.ConnectorId, Params = action.Params, Variables = variables },
                    cancellationToken);
                dispatches.Add(new Dispatch(evaluations, sample.Host, group.Value, result));
            }
        }
    }
}
