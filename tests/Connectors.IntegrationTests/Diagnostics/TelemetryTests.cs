using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Connectors.IntegrationTests.Webhook;
using Connectors.TestUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Connectors.IntegrationTests.Diagnostics;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Execute_SuccessAndFailure_CounterAndHistogramTagged()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Respond(200), LoopbackServer.Respond(503));
        await using var host = Webhooks.Host();
        var meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        using var executions = new MetricCollector<long>(meterFactory, "Connectors", "connectors.executions");
        using var duration = new MetricCollector<double>(meterFactory, "Connectors", "connectors.execution.duration");
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/m"), ["hasAuth"] = false });

        await host.ExecuteAsync(connector);
        await host.ExecuteAsync(connector);

        var counted = executions.GetMeasurementSnapshot();
        Assert.Equal(2, counted.Count);
        Assert.All(counted, m => Assert.Equal(1, m.Value));
        Assert.Equal(".webhook", counted[0].Tags["connector.type"]);
        Assert.Equal("success", counted[0].Tags["outcome"]);
        Assert.False(counted[0].Tags.ContainsKey("error.type"));
        Assert.Equal(".webhook", counted[1].Tags["connector.type"]);
        Assert.Equal("failure", counted[1].Tags["outcome"]);
        Assert.Equal("framework", counted[1].Tags["error.type"]);
        Assert.Equal("{execution}", executions.Instrument!.Unit);

        var timed = duration.GetMeasurementSnapshot();
        Assert.Equal(2, timed.Count);
        Assert.All(timed, m => Assert.InRange(m.Value, 0, 60));
        Assert.Equal(["success", "failure"], timed.Select(m => m.Tags["outcome"]));
        Assert.All(timed, m => Assert.Equal(".webhook", m.Tags["connector.type"]));
        Assert.Equal("s", duration.Instrument!.Unit);
    }

    [Fact]
    public async Task Execute_InvalidParams_CountedAsUserFailure()
    {
        await using var host = Webhooks.Host();
        var meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        using var executions = new MetricCollector<long>(meterFactory, "Connectors", "connectors.executions");
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = "http://127.0.0.1:9/", ["hasAuth"] = false });

        var result = await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = connector.Id, Params = new JsonObject { ["nope"] = 1 } });

        Assert.Equal("error validating action params: [nope]: definition for this key is missing", result.Message);
        var measurement = Assert.Single(executions.GetMeasurementSnapshot());
        Assert.Equal("failure", measurement.Tags["outcome"]);
        Assert.Equal("user", measurement.Tags["error.type"]);
    }

    [Fact]
    public async Task Execute_Activity_NamedConnectorExecuteWithTagsAndStatus()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Connectors",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Respond(200), LoopbackServer.Respond(503));
        await using var host = Webhooks.Host();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/a"), ["hasAuth"] = false });

        await host.ExecuteAsync(connector);
        await host.ExecuteAsync(connector);

        var mine = stopped.Where(a => (a.GetTagItem("connector.id") as string) == connector.Id).ToList();
        Assert.Equal(2, mine.Count);
        Assert.All(mine, a =>
        {
            Assert.Equal("connector.execute", a.OperationName);
            Assert.Equal(".webhook", a.GetTagItem("connector.type"));
            Assert.Equal("default", a.GetTagItem("connector.space"));
            Assert.NotNull(a.GetTagItem("connector.execution.id"));
        });
        Assert.Equal(ActivityStatusCode.Unset, mine[0].Status);
        Assert.Equal(ActivityStatusCode.Error, mine[1].Status);
        Assert.Equal("error calling webhook, retry later", mine[1].StatusDescription);
        Assert.NotEqual(mine[0].GetTagItem("connector.execution.id"), mine[1].GetTagItem("connector.execution.id"));
    }
}
