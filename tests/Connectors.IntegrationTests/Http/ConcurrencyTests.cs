using System.Text.Json.Nodes;
using Connectors.IntegrationTests.Webhook;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Http;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Execute_FiftyParallelExecutions_EachSentOnceWithItsOwnBody()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Webhooks.Host(o =>
        {
            o.MaxAttempts = 3;
            o.RetryBaseDelay = TimeSpan.Zero;
        });
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/p") }, new JsonObject { ["user"] = "u", ["password"] = "p" });

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => host.ExecuteAsync(connector, $"{{\"i\":{i}}}")));

        Assert.All(results, r => Assert.Equal(ConnectorResultStatus.Ok, r.Status));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"{{\"i\":{i}}}").Order(), results.Select(r => r.Data!.GetValue<string>()).Order());
        Assert.Equal(results.Select(r => r.Data!.GetValue<string>()).Order(), server.Requests.Select(r => r.BodyText).Order());
        Assert.All(server.Requests, r => Assert.Equal("Basic dTpw", r.Header("Authorization")));
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id, Action = "execute" });
        Assert.Equal(50, events.Count);
        Assert.Equal(50, events.Select(e => e.ExecutionId).Distinct().Count());
    }
}
