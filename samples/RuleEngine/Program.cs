// A small in-process rule engine: a timer evaluates a CPU threshold rule over generated metrics and dispatches the
// rule's actions through IConnectorRegistry with templated params — a server-log message and a webhook "trigger" when
// an alert becomes active, a webhook "resolve" when it recovers (dedup key {{rule.id}}-{{alert.id}}), and an audit
// entry each time — against a loopback sink, then prints what the sink received.
using System.Text.Json.Nodes;
using Connectors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RuleEngine;
using Samples;

var evaluations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 5;
await using var sink = await LoopbackSink.StartAsync();

var services = new ServiceCollection();
services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
    .AddFilter("Connectors.server-log", LogLevel.Information));
services.AddConnectors(options =>
{
    options.AllowedHosts = ["127.0.0.1", "localhost"];
    options.License = LicenseLevel.Gold;   // .webhook needs gold, as in Kibana
});
await using var provider = services.BuildServiceProvider();
var connectors = provider.GetRequiredService<IConnectorRegistry>();

await connectors.CreateAsync(new CreateConnectorRequest
{
    Id = "ops-log", Name = "Ops log", ConnectorTypeId = ".server-log",
});
await connectors.CreateAsync(new CreateConnectorRequest
{
    Id = "incidents", Name = "Incident webhook", ConnectorTypeId = ".webhook",
    Config = new JsonObject { ["url"] = sink.Url("/incidents"), ["hasAuth"] = false },
});
await connectors.CreateAsync(new CreateConnectorRequest
{
    Id = "audit", Name = "Audit index", ConnectorTypeId = ".webhook",
    Config = new JsonObject { ["url"] = sink.Url("/audit/_doc"), ["method"] = "post", ["hasAuth"] = false },
});

// <rule>
var rule = new ThresholdRule("cpu-high", "CPU above 90%", Threshold: 90,
[
    new(ActionGroup.Active, "ops-log", new JsonObject
    {
        ["message"] = "[{{rule.name}}] {{context.host}} is at {{context.value}}% (threshold {{context.threshold}}%)",
        ["level"] = "warn",
    }),
    new(ActionGroup.Active, "incidents", new JsonObject
    {
        ["body"] = """{"event_action":"trigger","dedup_key":"{{rule.id}}-{{alert.id}}","summary":"{{context.host}} CPU {{context.value}}%"}""",
    }),
    new(ActionGroup.Recovered, "incidents", new JsonObject
    {
        ["body"] = """{"event_action":"resolve","dedup_key":"{{rule.id}}-{{alert.id}}"}""",
    }),
    new(ActionGroup.Active, "audit", new JsonObject
    {
        ["body"] = """{"rule_id":"{{rule.id}}","alert_id":"{{alert.id}}","action_group":"{{alert.actionGroup}}","@timestamp":"{{date}}"}""",
    }),
    new(ActionGroup.Recovered, "audit", new JsonObject
    {
        ["body"] = """{"rule_id":"{{rule.id}}","alert_id":"{{alert.id}}","action_group":"{{alert.actionGroup}}","@timestamp":"{{date}}"}""",
    }),
]);
var engine = new RuleEvaluator(connectors, TimeProvider.System);
await engine.RunAsync(rule, MetricGenerator.Demo(), TimeSpan.FromMilliseconds(50), evaluations);
// </rule>

Console.WriteLine("Dispatches");
foreach (var d in engine.Dispatches)
{
    Console.WriteLine($"  #{d.Evaluation} {d.AlertId,-7} {d.Group,-9} {d.Result.ConnectorId,-10} {d.Result.Status} {d.Result.Message}");
}

Console.WriteLine();
Console.WriteLine("What the sink received");
foreach (var request in sink.Requests)
{
    Console.WriteLine($"  {request}");
}

return engine.Dispatches.Count > 0 && engine.Dispatches.All(d => d.Result.IsSuccess) ? 0 : 1;
