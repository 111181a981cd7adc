using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.OnCall;

/// <summary>
/// The on-call pattern: a rule's action opens an incident per active alert keyed by <c>{{rule.id}}-{{alert.id}}</c>,
/// and the recovery action closes it with the same key. The vendor side is replayed from the recorded requests.
/// </summary>
public sealed class OnCallLifecycleTests
{
    private static object Alert(string alertId, string state) =>
        new { rule = new { id = "rule-1", name = "CPU high", tags = new[] { "prod" } }, alert = new { id = alertId, actionGroup = state } };

    [Fact]
    public async Task PagerDuty_TriggerThenResolveOnRecovery_ResolvesExactlyTheTriggeredIncident()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(202, "{\"status\":\"success\",\"message\":\"Event processed\"}");
        await using var host = Host();
        var connector = await host.CreateAsync(
            ".pagerduty", new JsonObject { ["apiUrl"] = server.Url("/v2/enqueue") }, new JsonObject { ["routingKey"] = "rk" });
        JsonObject Trigger() => new()
        {
            ["eventAction"] = "trigger",
            ["dedupKey"] = "{{rule.id}}-{{alert.id}}",
            ["summary"] = "{{rule.name}} on {{alert.id}}",
            ["severity"] = "critical",
        };
        JsonObject Resolve() => new() { ["eventAction"] = "resolve", ["dedupKey"] = "{{rule.id}}-{{alert.id}}" };

        var triggeredA = await host.RunAsync(connector, Trigger(), Alert("host-a", "active"));
        var triggeredB = await host.RunAsync(connector, Trigger(), Alert("host-b", "active"));
        var resolvedA = await host.RunAsync(connector, Resolve(), Alert("host-a", "recovered"));

        Assert.All([triggeredA, triggeredB, resolvedA], r => Assert.Equal(ConnectorResultStatus.Ok, r.Status));
        var events = server.Requests.Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToList();
        Assert.Equal(
            ["trigger:rule-1-host-a", "trigger:rule-1-host-b", "resolve:rule-1-host-a"],
            events.Select(e => $"{e["event_action"]}:{e["dedup_key"]}"));
        Assert.Equal("{\"event_action\":\"resolve\",\"dedup_key\":\"rule-1-host-a\"}", events[2].ToJsonString());
        var open = new HashSet<string>();
        foreach (var e in events)
        {
            var key = e["dedup_key"]!.GetValue<string>();
            if (e["event_action"]!.GetValue<string>() == "trigger")
            {
                open.Add(key);
            }
            else
            {
                Assert.True(open.Remove(key), $"resolve for {key} matches no open incident");
            }
        }

        Assert.Equal(["rule-1-host-b"], open);
    }

    [Fact]
    public async Task Opsgenie_CreateThenCloseOnRecovery_ClosesExactlyTheCreatedAlert()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(202, "{\"result\":\"Request will be processed\",\"took\":0.1,\"requestId\":\"r\"}");
        await using var host = Host();
        var connector = await host.CreateAsync(
            ".opsgenie", new JsonObject { ["apiUrl"] = server.Url("/") }, new JsonObject { ["apiKey"] = "key" });
        JsonObject Create() => new()
        {
            ["subAction"] = "createAlert",
            ["subActionParams"] = new JsonObject
            {
                ["message"] = "{{rule.name}} on {{alert.id}}",
                ["alias"] = "{{rule.id}}-{{alert.id}}",
                ["tags"] = new JsonArray("{{rule.tags}}"),
                ["priority"] = "P2",
            },
        };
        JsonObject Close() => new()
        {
            ["subAction"] = "closeAlert",
            ["subActionParams"] = new JsonObject { ["alias"] = "{{rule.id}}-{{alert.id}}", ["note"] = "recovered" },
        };

        var createdA = await host.RunAsync(connector, Create(), Alert("host-a", "active"));
        var createdB = await host.RunAsync(connector, Create(), Alert("host-b", "active"));
        var closedA = await host.RunAsync(connector, Close(), Alert("host-a", "recovered"));

        Assert.All([createdA, createdB, closedA], r => Assert.Equal(ConnectorResultStatus.Ok, r.Status));
        var requests = server.Requests;
        Assert.Equal(
            "{\"message\":\"CPU high on host-a\",\"alias\":\"rule-1-host-a\",\"tags\":[\"prod\"],\"priority\":\"P2\"}",
            requests[0].BodyText);
        Assert.Equal("/v2/alerts", requests[1].Path);
        Assert.Equal("/v2/alerts/rule-1-host-a/close", requests[2].Path);
        Assert.Equal("?identifierType=alias", requests[2].QueryString);
        Assert.Equal("{\"note\":\"recovered\"}", requests[2].BodyText);
        var created = requests.Where(r => r.Path == "/v2/alerts").Select(r => JsonNode.Parse(r.Body)!["alias"]!.GetValue<string>()).ToList();
        var closed = requests.Where(r => r.Path.EndsWith("/close", StringComparison.Ordinal))
            .Select(r => Uri.UnescapeDataString(r.Path["/v2/alerts/".Length..^"/close".Length])).ToList();
        Assert.Equal(["rule-1-host-a"], closed);
        Assert.Equal(["rule-1-host-b"], created.Except(closed));
    }
}
