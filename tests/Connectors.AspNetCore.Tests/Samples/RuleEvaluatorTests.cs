using System.Text.Json.Nodes;
using Connectors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RuleEngine;

namespace Connectors.AspNetCore.Tests.Samples;

/// <summary>The RuleEngine sample's evaluator, on a fake clock, with its connector types recorded instead of sent.</summary>
public sealed class RuleEvaluatorTests : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider provider;

    public RuleEvaluatorTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddConnectors(o => o.License = LicenseLevel.Gold)
            .UseRecordingExecutor(".webhook")
            .UseRecordingExecutor(".server-log");
        provider = services.BuildServiceProvider();
    }

    private IConnectorRegistry Registry => provider.GetRequiredService<IConnectorRegistry>();

    public ValueTask DisposeAsync() => provider.DisposeAsync();

    private static ThresholdRule Rule() => new("cpu-high", "CPU above 90%", 90,
    [
        new(ActionGroup.Active, "ops-log", new JsonObject { ["message"] = "{{context.host}} at {{context.value}}%" }),
        new(ActionGroup.Active, "incidents", new JsonObject
        {
            ["body"] = """{"event_action":"trigger","dedup_key":"{{rule.id}}-{{alert.id}}"}""",
        }),
        new(ActionGroup.Recovered, "incidents", new JsonObject
        {
            ["body"] = """{"event_action":"resolve","dedup_key":"{{rule.id}}-{{alert.id}}"}""",
        }),
    ]);

    private async Task CreateConnectorsAsync()
    {
        await Registry.CreateAsync(new CreateConnectorRequest { Id = "ops-log", Name = "Log", ConnectorTypeId = ".server-log" });
        await Registry.CreateAsync(new CreateConnectorRequest
        {
            Id = "incidents", Name = "Incidents", ConnectorTypeId = ".webhook",
            Config = new JsonObject { ["url"] = "http://127.0.0.1:1/incidents", ["hasAuth"] = false },
        });
    }

    [Fact]
    public async Task RunAsync_OnTheFakeClock_TriggersOnceAndResolvesWithTheDedupKey()
    {
        await CreateConnectorsAsync();
        var engine = new RuleEvaluator(Registry, time);

        var run = engine.RunAsync(Rule(), MetricGenerator.Demo(), Interval, count: 5);
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
        var webhook = provider.GetRecordingExecutor(".webhook");
        Assert.Equal(
            [
                """{"event_action":"trigger","dedup_key":"cpu-high-web-01"}""",
                """{"event_action":"resolve","dedup_key":"cpu-high-web-01"}""",
            ],
            webhook.Executions.Select(e => e.ParamsJson["body"]!.GetValue<string>()));
        Assert.Equal("web-01 at 93.5%", provider.GetRecordingExecutor(".server-log").LastExecution.ParamsJson["message"]!.GetValue<string>());
        Assert.Equal([2, 2, 4], engine.Dispatches.Select(d => d.Evaluation));
        Assert.Empty(engine.ActiveAlerts);
    }

    [Fact]
    public async Task EvaluateAsync_AFailedDispatchIsKeptAsAResult()
    {
        await CreateConnectorsAsync();
        provider.GetRecordingExecutor(".webhook").FailNext("error calling webhook", retry: RetryHint.Later);
        var engine = new RuleEvaluator(Registry, time);

        await engine.EvaluateAsync(Rule(), [new MetricSample("web-01", 99)]);

        var failed = Assert.Single(engine.Dispatches, d => !d.Result.IsSuccess);
        Assert.Equal("incidents", failed.Result.ConnectorId);
        Assert.Equal(["web-01"], engine.ActiveAlerts);
    }
}
