// A small in-process rule engine: a timer evaluates a CPU threshold rule over generated metrics and dispatches the
// rule's actions through IConnectorRegistry with templated params — a Slack message when an alert becomes active, a
// PagerDuty trigger then resolve with {{rule.id}}-{{alert.id}} as the dedup key, and an audit entry in an index —
// against a loopback sink that answers like Slack, PagerDuty and Elasticsearch, then prints what the sink received.
using RuleEngine;

var evaluations = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 5;
var run = await RuleEngineDemo.RunAsync(Console.Out, evaluations);
return run.Succeeded ? 0 : 1;
