using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.PagerDuty;

public sealed class PagerDutyWireTests
{
    private const string RoutingKey = "R0UT1NGKEY0000000000000000000000";
    private const string Accepted = "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k1\"}";

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector)> CreateAsync(
        LoopbackServer server, bool fakeTime = false, Action<ConnectorsOptions>? configure = null)
    {
        server.Fallback = LoopbackServer.Json(202, Accepted);
        var host = Host(configure, fakeTime);
        var connector = await host.CreateAsync(
            ".pagerduty",
            new JsonObject { ["apiUrl"] = server.Url("/v2/enqueue") },
            new JsonObject { ["routingKey"] = RoutingKey });
        return (host, connector);
    }

    [Fact]
    public async Task Execute_TriggerWithEveryField_EventsApiV2BodyAndRoutingKeyHeader()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject
        {
            ["eventAction"] = "trigger",
            ["dedupKey"] = "k1",
            ["summary"] = "cpu high",
            ["source"] = "host-1",
            ["severity"] = "critical",
            ["timestamp"] = "2026-12-04T11:59:00Z",
            ["component"] = "db",
            ["group"] = "prod",
            ["class"] = "cpu",
            ["links"] = new JsonArray(new JsonObject { ["href"] = "https://example.com/r/1", ["text"] = "rule" }),
            ["customDetails"] = new JsonObject { ["value"] = 97.5, ["tags"] = new JsonArray("a", "b") },
        });

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/enqueue", request.Path);
        Assert.Equal(string.Empty, request.QueryString);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal(RoutingKey, request.Header("X-Routing-Key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal(
            "{\"event_action\":\"trigger\",\"dedup_key\":\"k1\",\"payload\":{\"summary\":\"cpu high\",\"source\":\"host-1\",\"severity\":\"critical\","
            + "\"timestamp\":\"2026-12-04T11:59:00.000Z\",\"component\":\"db\",\"group\":\"prod\",\"class\":\"cpu\","
            + "\"custom_details\":{\"value\":97.5,\"tags\":[\"a\",\"b\"]}},\"links\":[{\"href\":\"https://example.com/r/1\",\"text\":\"rule\"}]}",
            request.BodyText);
        Assert.DoesNotContain(RoutingKey, request.BodyText, StringComparison.Ordinal);
        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(Accepted, result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_EmptyParams_TriggerWithKibanaDefaults()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        await host.RunAsync(connector, []);

        Assert.Equal(
            $"{{\"event_action\":\"trigger\",\"payload\":{{\"summary\":\"No summary provided.\",\"source\":\"Kibana Action {connector.Id}\",\"severity\":\"info\"}}}}",
            Assert.Single(server.Requests).BodyText);
    }

    [Theory]
    [InlineData("resolve")]
    [InlineData("acknowledge")]
    public async Task Execute_ResolveOrAcknowledge_OnlyEventActionAndDedupKey(string eventAction)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject
        {
            ["eventAction"] = eventAction,
            ["dedupKey"] = "k1",
            ["summary"] = "ignored",
            ["links"] = new JsonArray(new JsonObject { ["href"] = "h", ["text"] = "t" }),
        });

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal($"{{\"event_action\":\"{eventAction}\",\"dedup_key\":\"k1\"}}", Assert.Single(server.Requests).BodyText);
    }

    [Theory]
    [InlineData("resolve")]
    [InlineData("acknowledge")]
    public async Task Execute_ResolveWithoutDedupKey_ParamsError(string eventAction)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["eventAction"] = eventAction });

        Assert.Equal($"error validating action params: DedupKey is required when eventAction is \"{eventAction}\"", result.Message);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(" 1764849600000 ", "2025-12-04T12:00:00.000Z")]
    [InlineData("2026-12-04T13:30:00+01:00", "2026-12-04T12:30:00.000Z")]
    [InlineData("2026-12-04", "2026-12-04T00:00:00.000Z")]
    public async Task Execute_Timestamp_SentAsIsoString(string timestamp, string expected)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        await host.RunAsync(connector, new JsonObject { ["summary"] = "s", ["source"] = "x", ["timestamp"] = timestamp });

        Assert.Equal(
            $"{{\"event_action\":\"trigger\",\"payload\":{{\"summary\":\"s\",\"source\":\"x\",\"severity\":\"info\",\"timestamp\":\"{expected}\"}}}}",
            Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_UnparseableTimestamp_ParamsError()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["timestamp"] = "yesterday-ish" });

        Assert.Equal("error validating action params: error parsing timestamp \"yesterday-ish\"", result.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_CustomDetailsAsJsonString_SentAsObject()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        await host.RunAsync(connector, new JsonObject { ["summary"] = "s", ["source"] = "x", ["customDetails"] = "{\"n\":1}" });

        Assert.Equal(
            "{\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"x\",\"severity\":\"info\",\"custom_details\":{\"n\":1}}}",
            Assert.Single(server.Requests).BodyText);
    }

    [Theory]
    [InlineData("severity", "fatal")]
    [InlineData("eventAction", "close")]
    [InlineData("images", "x")]
    public async Task Execute_InvalidParam_ErrorNamesField(string field, string value)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { [field] = value });

        Assert.StartsWith($"error validating action params: [{field}]", result.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_DedupKeyOver255_ParamsError()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["dedupKey"] = new string('k', 256) });

        Assert.Equal(
            "error validating action params: [dedupKey]: value has length [256] but it must have a maximum length of [255].",
            result.Message);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(400)]
    public async Task Execute_StatusOtherThan202_UnexpectedStatus(int status)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Json(status, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\"}");
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["summary"] = "s" });

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal($"error posting pagerduty event: unexpected status {status}", result.Message);
        Assert.Null(result.ServiceMessage);
        Assert.Null(result.Retry);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Execute_RateLimitedOrServerError_RetryLater(int status)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Json(status, "{}", ("Retry-After", "30"));
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["summary"] = "s" });

        Assert.Equal($"error posting pagerduty event: http status {status}, retry later", result.Message);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_ServerHangs_ErrorPostingWithAxiosTimeoutText()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server, fakeTime: true);
        await using var _ = host;

        var result = await host.TimeOutAsync(server, () => host.RunAsync(connector, new JsonObject { ["summary"] = "s" }));

        Assert.Equal("error posting pagerduty event", result.Message);
        Assert.Equal("timeout of 60000ms exceeded", result.ServiceMessage);
    }

    [Fact]
    public async Task Execute_TemplatedSummary_RenderedWithoutEscaping()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        await host.RunAsync(
            connector,
            new JsonObject { ["summary"] = "{{context.text}}", ["source"] = "{{rule.name}}" },
            new { context = new { text = Tricky }, rule = new { name = "r&d <rule>" } });

        Assert.Equal(
            "{\"event_action\":\"trigger\",\"payload\":{\"summary\":\"say \\\"hi\\\"\\nnow *bold* _it_ <b> & done\",\"source\":\"r&d <rule>\",\"severity\":\"info\"}}",
            Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_NoApiUrl_UsesServiceUrl()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(202, Accepted);
        await using var host = Host(o => o.ServiceUrls[".pagerduty"] = server.Url("/custom/enqueue"));
        var connector = await host.CreateAsync(".pagerduty", secrets: new JsonObject { ["routingKey"] = RoutingKey });

        var result = await host.RunAsync(connector, []);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal("/custom/enqueue", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task Create_ApiUrlHostNotAllowed_ConfigError()
    {
        await using var host = Host(o => o.AllowedHosts = ["events.pagerduty.com"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(
            ".pagerduty", new JsonObject { ["apiUrl"] = "http://127.0.0.1:9/v2/enqueue" }, new JsonObject { ["routingKey"] = RoutingKey }));

        Assert.Equal(
            "error validating connector type config: error configuring pagerduty action: target url \"http://127.0.0.1:9/v2/enqueue\" is not added to the Kibana config xpack.actions.allowedHosts",
            error.Message);
    }

    [Fact]
    public async Task ListConnectorTypes_PagerDuty_KibanaIdentity()
    {
        await using var host = Host();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == ".pagerduty");

        Assert.Equal("PagerDuty", type.Name);
        Assert.Equal(LicenseLevel.Gold, type.MinimumLicenseRequired);
        Assert.Equal(["alerting", "uptime", "siem", "workflows"], type.SupportedFeatureIds);
    }

    [Fact]
    public async Task Execute_ConnectionRefused_ErrorPostingWithAxiosText()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var host = Host();
        var connector = await host.CreateAsync(
            ".pagerduty", new JsonObject { ["apiUrl"] = $"http://127.0.0.1:{port}/v2/enqueue" }, new JsonObject { ["routingKey"] = RoutingKey });

        var result = await host.RunAsync(connector, []);

        Assert.Equal("error posting pagerduty event", result.Message);
        Assert.Equal($"connect ECONNREFUSED 127.0.0.1:{port}", result.ServiceMessage);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }
}
