using System.Text.Json.Nodes;
using Connectors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Samples;

namespace RuleEngine;

/// <summary>What a run of the demo dispatched, and what the loopback sink received (<c>METHOD /path?query body</c>).</summary>
public sealed record DemoRun(IReadOnlyList<Dispatch> Dispatches, IReadOnlyList<string> SinkRequests)
{
    /// <summary>Whether something was dispatched and every dispatch succeeded.</summary>
    public bool Succeeded => Dispatches.Count > 0 && Dispatches.All(d => d.Result.IsSuccess);
}

/// <summary>
/// The seed's alerting workflow: a CPU threshold rule whose actions post a Slack message when an alert becomes active,
/// trigger a PagerDuty incident then resolve it on recovery with <c>{{rule.id}}-{{alert.id}}</c> as the dedup key, and
/// write an audit entry to an index each time — against a loopback sink that answers like Slack, PagerDuty and
/// Elasticsearch.
/// </summary>
public static class RuleEngineDemo
{
    /// <summary>The connector ids the rule's actions use.</summary>
    public const string Slack = "ops-slack", PagerDuty = "ops-pagerduty", Audit = "alerts-audit";

    /// <summary>The rule: one alert per host above 90% CPU, its actions' params templated with the alert's variables.</summary>
    public static ThresholdRule CpuRule()
    {
        JsonObject AuditEntry() => new()
        {
            ["documents"] = new JsonArray(new JsonObject
            {
                ["rule_id"] = "{{rule.id}}",
                ["alert_id"] = "{{alert.id}}",
                ["action_group"] = "{{alert.actionGroup}}",
                ["host"] = "{{context.host}}",
                ["cpu"] = "{{context.value}}",
            }),
        };

        return new ThresholdRule("cpu-high", "CPU above 90%", Threshold: 90,
        [
            new(ActionGroup.Active, Slack, new JsonObject
            {
                ["message"] = ":rotating_light: {{rule.name}}: {{context.host}} is at {{context.value}}% (threshold {{context.threshold}}%)",
            }),
            new(ActionGroup.Active, PagerDuty, new JsonObject
            {
                ["eventAction"] = "trigger",
                ["dedupKey"] = "{{rule.id}}-{{alert.id}}",
                ["summary"] = "{{rule.name}}: {{context.host}} is at {{context.value}}%",
                ["source"] = "{{context.host}}",
                ["severity"] = "critical",
            }),
            new(ActionGroup.Active, Audit, AuditEntry()),
            new(ActionGroup.Recovered, PagerDuty, new JsonObject
            {
                ["eventAction"] = "resolve",
                ["dedupKey"] = "{{rule.id}}-{{alert.id}}",
            }),
            new(ActionGroup.Recovered, Audit, AuditEntry()),
        ]);
    }

    /// <summary>Creates the rule's connectors: Slack and PagerDuty posting to <paramref name="sink"/>, and the audit index.</summary>
    public static async Task CreateConnectorsAsync(IConnectorRegistry connectors, Uri sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectors);
        await connectors.CreateAsync(new CreateConnectorRequest
        {
            Id = Slack, Name = "Ops Slack", ConnectorTypeId = ".slack",
            Secrets = new JsonObject { ["webhookUrl"] = new Uri(sink, "slack/services/T0000/B0000/rule-engine").ToString() },
        }, cancellationToken);
        await connectors.CreateAsync(new CreateConnectorRequest
        {
            Id = PagerDuty, Name = "Ops PagerDuty", ConnectorTypeId = ".pagerduty",
            Config = new JsonObject { ["apiUrl"] = new Uri(sink, "pagerduty/v2/enqueue").ToString() },
            Secrets = new JsonObject { ["routingKey"] = "rule-engine-routing-key-000000000" },
        }, cancellationToken);
        await connectors.CreateAsync(new CreateConnectorRequest
        {
            Id = Audit, Name = "Alert audit index", ConnectorTypeId = ".index",
            Config = new JsonObject { ["index"] = "alerts-audit", ["executionTimeField"] = "@timestamp" },
        }, cancellationToken);
    }

    /// <summary>
    /// Starts the sink, registers the connectors (the <c>.index</c> cluster is the sink), runs
    /// <paramref name="evaluations"/> evaluations on a real timer, prints each dispatch and what the sink received.
    /// </summary>
    public static async Task<DemoRun> RunAsync(TextWriter output, int evaluations = 5, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var sink = await LoopbackSink.StartAsync();

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddConnectors(options =>
        {
            options.AllowedHosts = ["127.0.0.1", "localhost"];
            options.License = LicenseLevel.Gold;                    // .slack and .pagerduty need gold, as in Kibana
            options.ServiceUrls[".index"] = sink.BaseUri.ToString(); // the Elasticsearch cluster the audit index writes to
        });
        await using var provider = services.BuildServiceProvider();
        var connectors = provider.GetRequiredService<IConnectorRegistry>();
        await CreateConnectorsAsync(connectors, sink.BaseUri, cancellationToken);

        var engine = new RuleEvaluator(connectors, TimeProvider.System);
        await engine.RunAsync(CpuRule(), MetricGenerator.Demo(), interval ?? TimeSpan.FromMilliseconds(50), evaluations, cancellationToken);

        await output.WriteLineAsync("Dispatches (evaluation, alert, group, connector, result, what the service answered)");
        foreach (var d in engine.Dispatches)
        {
            var answer = d.Result.Message ?? d.Result.Data?.ToJsonString();
            await output.WriteLineAsync($"  #{d.Evaluation} {d.AlertId,-7} {d.Group,-9} {d.Result.ConnectorId,-13} {d.Result.Status} {answer}");
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("What the sink received");
        var received = sink.Requests.ToList();
        foreach (var request in received)
        {
            await output.WriteLineAsync($"  {request.TrimEnd('\n').Replace("\n", "\n    ", StringComparison.Ordinal)}");
        }

        return new DemoRun(engine.Dispatches, received);
    }
}
