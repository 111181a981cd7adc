using System.Text.Json.Nodes;
using Connectors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RuleEngine;

namespace Connectors.AspNetCore.Tests.Samples;

/// <summary>
/// The RuleEngine sample: its rule on a fake clock with the connector types recorded instead of sent, and the whole
/// demo against its loopback sink (a real timer with a short interval).
/// </summary>
public sealed class RuleEvaluatorTests : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider provider;

    public RuleEvaluatorTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddConnectors(o =>
            {
                o.License = LicenseLevel.Gold;
                o.AllowedHosts = ["127.0.0.1"];
            })
            .UseRecordingExecutor(".slack")
            .UseRecordingExecutor(".pagerduty")
            .UseRecordingExecutor(".index");
        provider = services.BuildServiceProvider();
    }

    private IConnectorRegistry Registry => provider.GetRequiredService<IConnectorRegistry>();

    public ValueTask DisposeAsync() => provider.DisposeAsync();

    [Fact]
    public async Task RunAsync_OnTheFakeClock_SlackThenPagerDutyTriggerAndResolveWithTheDedupKey()
    {
        await RuleEngineDemo.CreateConnectorsAsync(Registry, new Uri("http://127.0.0.1:1/"));
        var engine = new RuleEvaluator(Registry, time);

        var run = engine.RunAsync(RuleEngineDemo.CpuRule(), MetricGenerator.Demo(), Interval, count: 5);
        // One interval at a time, and the next only once the evaluation it started has finished: a periodic timer
        // coalesces ticks that elapse while nobody waits, so advancing faster would skip evaluations.
        for (var expected = 1; expected <= 5 && !run.IsCompleted; expected++)
        {
            time.Advance(Interval);
            for (var turns = 0; engine.CompletedEvaluations < expected && !run.IsCompleted && turns < 100_000; turns++)
            {
                await Task.Yield();
            }
        }

        await run;
        Assert.Equal(
            ":rotating_light: CPU above 90%: web-01 is at 93.5% (threshold 90%)",
            Assert.Single(provider.GetRecordingExecutor(".slack").Executions).ParamsJson["message"]!.GetValue<string>());
        Assert.Equal(
            [
                """{"eventAction":"trigger","dedupKey":"cpu-high-web-01","summary":"CPU above 90%: web-01 is at 93.5%","source":"web-01","severity":"critical"}""",
                """{"eventAction":"resolve","dedupKey":"cpu-high-web-01"}""",
            ],
            provider.GetRecordingExecutor(".pagerduty").Executions.Select(e => e.ParamsJson.ToJsonString()));
        Assert.Equal(
            [
                """{"documents":[{"rule_id":"cpu-high","alert_id":"web-01","action_group":"threshold met","host":"web-01","cpu":"93.5"}]}""",
                """{"documents":[{"rule_id":"cpu-high","alert_id":"web-01","action_group":"recovered","host":"web-01","cpu":"61"}]}""",
            ],
            provider.GetRecordingExecutor(".index").Executions.Select(e => e.ParamsJson.ToJsonString()));
        Assert.Equal(
            [(2, ActionGroup.Active, "ops-slack"), (2, ActionGroup.Active, "ops-pagerduty"), (2, ActionGroup.Active, "alerts-audit"),
             (4, ActionGroup.Recovered, "ops-pagerduty"), (4, ActionGroup.Recovered, "alerts-audit")],
            engine.Dispatches.Select(d => (d.Evaluation, d.Group, d.Result.ConnectorId)));
        Assert.Empty(engine.ActiveAlerts);
    }

    [Fact]
    public async Task EvaluateAsync_AFailedDispatchIsKeptAsAResult()
    {
        await RuleEngineDemo.CreateConnectorsAsync(Registry, new Uri("http://127.0.0.1:1/"));
        provider.GetRecordingExecutor(".pagerduty").FailNext("error posting pagerduty event", retry: RetryHint.Later);
        var engine = new RuleEvaluator(Registry, time);

        await engine.EvaluateAsync(RuleEngineDemo.CpuRule(), [new MetricSample("web-01", 99)]);

        var failed = Assert.Single(engine.Dispatches, d => !d.Result.IsSuccess);
        Assert.Equal("ops-pagerduty", failed.Result.ConnectorId);
        Assert.Equal(3, engine.Dispatches.Count);
        Assert.Equal(["web-01"], engine.ActiveAlerts);
    }

    [Fact]
    public async Task Demo_AgainstTheLoopbackSink_SlackMessagePagerDutyTriggerThenResolveAndAuditEntries()
    {
        using var output = new StringWriter();

        var run = await RuleEngineDemo.RunAsync(output, evaluations: 5, interval: TimeSpan.FromMilliseconds(10));

        Assert.True(run.Succeeded, output.ToString());
        Assert.Equal(5, run.SinkRequests.Count);
        Assert.Equal(
            """POST /slack/services/T0000/B0000/rule-engine {"text":":rotating_light: CPU above 90%: web-01 is at 93.5% (threshold 90%)"}""",
            run.SinkRequests[0]);
        Assert.Equal(
            """POST /pagerduty/v2/enqueue {"event_action":"trigger","dedup_key":"cpu-high-web-01","payload":{"summary":"CPU above 90%: web-01 is at 93.5%","source":"web-01","severity":"critical"}}""",
            run.SinkRequests[1]);
        AssertAuditEntry(run.SinkRequests[2], "threshold met", "93.5");
        Assert.Equal("""POST /pagerduty/v2/enqueue {"event_action":"resolve","dedup_key":"cpu-high-web-01"}""", run.SinkRequests[3]);
        AssertAuditEntry(run.SinkRequests[4], "recovered", "61");

        // PagerDuty answered both with the dedup key it was sent: the resolve closes the incident the trigger opened.
        var pagerDuty = run.Dispatches.Where(d => d.Result.ConnectorId == RuleEngineDemo.PagerDuty).ToList();
        Assert.Equal(2, pagerDuty.Count);
        Assert.All(pagerDuty, d => Assert.Equal(
            """{"status":"success","message":"Event processed","dedup_key":"cpu-high-web-01"}""",
            d.Result.Data!.ToJsonString()));
        Assert.Contains("What the sink received", output.ToString(), StringComparison.Ordinal);
    }

    private static void AssertAuditEntry(string request, string actionGroup, string cpu)
    {
        const string prefix = "POST /alerts-audit/_bulk?refresh=false ";
        Assert.StartsWith(prefix, request, StringComparison.Ordinal);
        var lines = request[prefix.Length..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("""{"create":{}}""", lines[0]);
        var document = JsonNode.Parse(lines[1])!.AsObject();
        Assert.True(DateTimeOffset.TryParse(document["@timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _));
        document.Remove("@timestamp");
        Assert.Equal(
            $$"""{"rule_id":"cpu-high","alert_id":"web-01","action_group":"{{actionGroup}}","host":"web-01","cpu":"{{cpu}}"}""",
            document.ToJsonString());
    }
}
