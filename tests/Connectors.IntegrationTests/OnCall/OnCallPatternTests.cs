using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Http;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.OnCall;

/// <summary>
/// The on-call pattern end to end: an active alert triggers with key <c>{{rule.id}}-{{alert.id}}</c>, its recovery
/// resolves / closes with the same key, and the fake on-call service closes exactly the incident the trigger opened.
/// </summary>
public sealed class OnCallPatternTests
{
    private const string Key = "{{rule.id}}-{{alert.id}}";

    private static readonly object ActiveA = new { rule = new { id = "rule-1" }, alert = new { id = "alert-a" } };
    private static readonly object ActiveB = new { rule = new { id = "rule-1" }, alert = new { id = "alert-b" } };

    /// <summary>A fake on-call service: incidents by key, open until resolved.</summary>
    private sealed class FakeOnCall(LoopbackServer server)
    {
        public ConcurrentDictionary<string, string> Incidents { get; } = new();

        public Task PagerDutyAsync(HttpContext context)
        {
            var e = JsonNode.Parse(server.Requests[^1].BodyText)!;
            var key = e["dedup_key"]!.GetValue<string>();
            Incidents[key] = e["event_action"]!.GetValue<string>() == "resolve" ? "resolved" : "open";
            return LoopbackServer.Json(202, $"{{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"{key}\"}}")(context);
        }

        public Task OpsgenieAsync(HttpContext context)
        {
            var request = server.Requests[^1];
            if (request.Path == "/v2/alerts")
            {
                Incidents[JsonNode.Parse(request.BodyText)!["alias"]!.GetValue<string>()] = "open";
            }
            else if (request.Path.EndsWith("/close", StringComparison.Ordinal) && request.QueryString == "?identifierType=alias")
            {
                Incidents[Uri.UnescapeDataString(request.Path.Split('/')[3])] = "closed";
            }

            return LoopbackServer.Json(202, "{\"result\":\"Request will be processed\",\"took\":0.1,\"requestId\":\"r\"}")(context);
        }
    }

    [Fact]
    public async Task PagerDuty_TriggerThenResolveWithTheSameDedupKey_ResolvesExactlyTheTriggeredIncident()
    {
        await using var server = await LoopbackServer.StartAsync();
        var fake = new FakeOnCall(server);
        server.Fallback = fake.PagerDutyAsync;
        await using var host = Host();
        var connector = await host.CreateAsync(
            ".pagerduty", new JsonObject { ["apiUrl"] = server.Url("/v2/enqueue") }, new JsonObject { ["routingKey"] = "R0UT1NGKEY0000000000000000000000" });

        var triggerA = await host.RunAsync(connector, new JsonObject { ["eventAction"] = "trigger", ["dedupKey"] = Key, ["summary"] = "cpu high" }, ActiveA);
        var triggerB = await host.RunAsync(connector, new JsonObject { ["eventAction"] = "trigger", ["dedupKey"] = Key, ["summary"] = "cpu high" }, ActiveB);
        var resolveA = await host.RunAsync(connector, new JsonObject { ["eventAction"] = "resolve", ["dedupKey"] = Key }, ActiveA);

        Assert.True(triggerA.IsSuccess && triggerB.IsSuccess && resolveA.IsSuccess);
        Assert.Equal("{\"event_action\":\"resolve\",\"dedup_key\":\"rule-1-alert-a\"}", server.Requests[2].BodyText);
        Assert.Equal("resolved", fake.Incidents["rule-1-alert-a"]);
        Assert.Equal("open", fake.Incidents["rule-1-alert-b"]);
        Assert.Equal(2, fake.Incidents.Count);
    }

    [Fact]
    public async Task Opsgenie_CreateThenCloseWithTheSameAlias_ClosesExactlyTheCreatedAlert()
    {
        await using var server = await LoopbackServer.StartAsync();
        var fake = new FakeOnCall(server);
        server.Fallback = fake.OpsgenieAsync;
        await using var host = Host();
        var connector = await host.CreateAsync(".opsgenie", new JsonObject { ["apiUrl"] = server.Url("/") }, new JsonObject { ["apiKey"] = "k" });

        JsonObject Create() => new() { ["subAction"] = "createAlert", ["subActionParams"] = new JsonObject { ["message"] = "cpu high", ["alias"] = Key } };
        await host.RunAsync(connector, Create(), ActiveA);
        await host.RunAsync(connector, Create(), ActiveB);
        var close = await host.RunAsync(
            connector, new JsonObject { ["subAction"] = "closeAlert", ["subActionParams"] = new JsonObject { ["alias"] = Key } }, ActiveA);

        Assert.True(close.IsSuccess, close.ServiceMessage);
        Assert.Equal("/v2/alerts/rule-1-alert-a/close", server.Requests[2].Path);
        Assert.Equal("closed", fake.Incidents["rule-1-alert-a"]);
        Assert.Equal("open", fake.Incidents["rule-1-alert-b"]);
        Assert.Equal(2, fake.Incidents.Count);
    }
}
