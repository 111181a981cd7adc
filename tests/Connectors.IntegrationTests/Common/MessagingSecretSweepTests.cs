using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Common;

public sealed class MessagingSecretSweepTests
{
    private const string Sentinel = "S3ntinel-Messaging-Secret";

    [Fact]
    public async Task Sweep_MessagingConnectorsFailingEveryWay_SecretNeverSurfaces()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Host(o =>
        {
            o.AllowedHosts = ["127.0.0.1"];
            o.ServiceUrls[".slack_api"] = server.Url("/api/");
        });
        var connectors = new List<(global::Connectors.Connector Connector, JsonObject Params)>
        {
            (await host.CreateAsync(".slack", secrets: new JsonObject { ["webhookUrl"] = server.Url($"/services/{Sentinel}") }),
                new JsonObject { ["message"] = "m" }),
            (await host.CreateAsync(".teams", secrets: new JsonObject { ["webhookUrl"] = server.Url($"/webhookb2/{Sentinel}") }),
                new JsonObject { ["message"] = "m" }),
            (await host.CreateAsync(".slack_api", secrets: new JsonObject { ["token"] = Sentinel }),
                new JsonObject { ["subAction"] = "postMessage", ["subActionParams"] = new JsonObject { ["channelIds"] = new JsonArray("C1"), ["text"] = "m" } }),
            (await host.CreateAsync(".pagerduty", new JsonObject { ["apiUrl"] = server.Url("/v2/enqueue") }, new JsonObject { ["routingKey"] = Sentinel }),
                new JsonObject { ["summary"] = "m" }),
            (await host.CreateAsync(".opsgenie", new JsonObject { ["apiUrl"] = server.Url("/") }, new JsonObject { ["apiKey"] = Sentinel }),
                new JsonObject { ["subAction"] = "createAlert", ["subActionParams"] = new JsonObject { ["message"] = "m" } }),
        };
        var responses = new[]
        {
            LoopbackServer.Respond(200, "ok"),
            LoopbackServer.Json(500, "{\"message\":\"broken\"}"),
            LoopbackServer.Json(429, "{}", ("Retry-After", "60")),
            LoopbackServer.Json(403, "{\"message\":\"denied\"}"),
            LoopbackServer.Redirect($"http://localhost:{server.BaseUri.Port}/{Sentinel}", 307),
        };
        var results = new List<ConnectorResult>();
        foreach (var (connector, parameters) in connectors)
        {
            foreach (var response in responses)
            {
                server.Then(response);
                results.Add(await host.RunAsync(connector, (JsonObject)parameters.DeepClone()));
            }
        }

        var exceptions = new List<Exception>
        {
            await Assert.ThrowsAsync<ConnectorValidationException>(() =>
                host.CreateAsync(".slack", secrets: new JsonObject { ["webhookUrl"] = $"https://hooks.slack.com/services/{Sentinel}" })),
            await Assert.ThrowsAsync<ConnectorValidationException>(() =>
                host.CreateAsync(".teams", secrets: new JsonObject { ["webhookUrl"] = $"https://example.webhook.office.com/{Sentinel}" })),
        };
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { Limit = 10_000 });

        Assert.Equal(25, results.Count);
        Assert.Contains(results, r => !r.IsSuccess);
        Assert.True(server.Requests.Count >= 20, "the requests were sent");
        AssertNoSentinel("results", JsonSerializer.Serialize(results));
        AssertNoSentinel("logs", host.AllLogText());
        AssertNoSentinel("event log", JsonSerializer.Serialize(events));
        AssertNoSentinel("exceptions", string.Join("\n", exceptions.Select(e => e.ToString())));
    }

    private static void AssertNoSentinel(string where, string text) =>
        Assert.False(text.Contains(Sentinel, StringComparison.Ordinal), $"the secret surfaced in {where}: {text}");
}
