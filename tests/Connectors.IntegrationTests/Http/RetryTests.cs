using System.Text.Json.Nodes;
using Connectors.IntegrationTests.Webhook;
using Connectors.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.IntegrationTests.Http;

public sealed class RetryTests
{
    private static ConnectorsTestHost RetryingHost(bool fakeTime = false, Action<ConnectorsOptions>? configure = null) =>
        Webhooks.Host(
            o =>
            {
                o.MaxAttempts = 3;
                o.RetryBaseDelay = TimeSpan.Zero;
                configure?.Invoke(o);
            },
            fakeTime);

    [Fact]
    public async Task Execute_503Then200_RetriedOnceWithSameBytes()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Respond(503));
        await using var host = RetryingHost();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/r") }, new JsonObject { ["user"] = "u", ["password"] = "p" });

        var result = await host.ExecuteAsync(connector, "{\"try\":1}");

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r =>
        {
            Assert.Equal("{\"try\":1}", r.BodyText);
            Assert.Equal("Basic dTpw", r.Header("Authorization"));
        });
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id, Action = "execute" });
        Assert.Equal("success", Assert.Single(events).Outcome);
    }

    [Fact]
    public async Task Execute_503ThreeTimes_GivesUpAfterMaxAttempts()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(503);
        await using var host = RetryingHost();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/r"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, retry later", result.Message);
        Assert.Equal("[503] Service Unavailable", result.ServiceMessage);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Execute_429WithRetryAfter120_ReturnsAtOnceWithRetryAt()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(429, "slow down", "text/plain", ("Retry-After", "120"));
        await using var host = RetryingHost(fakeTime: true);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/r"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error calling webhook, retry at 2026-12-04T12:02:00.000Z", result.Message);
        Assert.Equal("[429] Too Many Requests", result.ServiceMessage);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 12, 2, 0, TimeSpan.Zero), result.Retry!.RetryAt);
        Assert.Equal(host.Time!.GetUtcNow().AddSeconds(120), result.Retry.RetryAt);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_429WithRetryAfterHttpDate_ReturnsRetryAtThatDate()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(429, headers: ("Retry-After", "Fri, 04 Dec 2026 12:10:00 GMT"));
        await using var host = RetryingHost(fakeTime: true);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/r"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, retry at 2026-12-04T12:10:00.000Z", result.Message);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 12, 10, 0, TimeSpan.Zero), result.Retry!.RetryAt);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_429WithShortRetryAfterSeconds_WaitsThatLongThenRetries()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Respond(429, headers: ("Retry-After", "3")));
        var time = new TimerWatchingTimeProvider();
        await using var host = ConnectorsTestHost.Create(
            o =>
            {
                o.License = LicenseLevel.Gold;
                o.MaxAttempts = 3;
                o.RetryBaseDelay = TimeSpan.Zero;
            },
            services => services.AddSingleton<TimeProvider>(time));
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/r"), ["hasAuth"] = false });

        var execution = host.ExecuteAsync(connector);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(3));
        Assert.Single(server.Requests);
        Assert.False(execution.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(3));
        var result = await execution.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Execute_503WithShortRetryAfterHttpDate_WaitsUntilThatDateThenRetries()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Respond(503, headers: ("Retry-After", "Fri, 04 Dec 2026 12:00:04 GMT")));
        var time = new TimerWatchingTimeProvider();
        await using var host = ConnectorsTestHost.Create(
            o =>
            {
                o.License = LicenseLevel.Gold;
                o.MaxAttempts = 3;
                o.RetryBaseDelay = TimeSpan.Zero;
            },
            services => services.AddSingleton<TimeProvider>(time));
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/r"), ["hasAuth"] = false });

        var execution = host.ExecuteAsync(connector);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(4));
        Assert.False(execution.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(4));
        var result = await execution.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Execute_429WithRetryAfterZero_RetriedInProcess()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Respond(429, headers: ("Retry-After", "0")));
        await using var host = RetryingHost();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/r"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Execute_429WithoutRetryAfter_RetryLaterAfterAttempts()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(429);
        await using var host = RetryingHost();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/r"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, retry later", result.Message);
        Assert.Equal("[429] Too Many Requests", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(3, server.Requests.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task Execute_ClientError_NeverRetried(int status)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(status);
        await using var host = RetryingHost();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/r"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, invalid response", result.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_408_Retried()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Respond(408));
        await using var host = RetryingHost();
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/r"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Execute_MaxAttemptsOne_SingleRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Respond(503));
        await using var host = RetryingHost(configure: o => o.MaxAttempts = 1);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/r"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, retry later", result.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_TypeOverrideMaxAttemptsOne_SingleRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Respond(503));
        await using var host = RetryingHost(configure: o => o.MaxAttemptsOverrides[".webhook"] = 1);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/r"), ["hasAuth"] = false });

        var result = await host.ExecuteAsync(connector);

        Assert.Equal("error calling webhook, retry later", result.Message);
        Assert.Single(server.Requests);
    }
}
