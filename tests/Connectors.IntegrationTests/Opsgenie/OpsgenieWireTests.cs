using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.Opsgenie;

public sealed class OpsgenieWireTests
{
    private const string ApiKey = "0psg3nie-api-key-SECRET";
    private const string Processed = "{\"result\":\"Request will be processed\",\"took\":0.302,\"requestId\":\"43a29c5c-3dbf-4fa4-9c26-f4f71023e120\"}";

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector)> CreateAsync(
        LoopbackServer server, string path = "/", bool fakeTime = false)
    {
        server.Fallback = LoopbackServer.Json(202, Processed);
        var host = Host(fakeTime: fakeTime);
        var connector = await host.CreateAsync(
            ".opsgenie", new JsonObject { ["apiUrl"] = server.Url(path) }, new JsonObject { ["apiKey"] = ApiKey });
        return (host, connector);
    }

    private static JsonObject Create(JsonObject subActionParams) =>
        new() { ["subAction"] = "createAlert", ["subActionParams"] = subActionParams };

    private static JsonObject Close(JsonObject subActionParams) =>
        new() { ["subAction"] = "closeAlert", ["subActionParams"] = subActionParams };

    [Fact]
    public async Task Execute_CreateAlertWithEveryField_GenieKeyAndBodyInSchemaOrder()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Create(new JsonObject
        {
            ["note"] = "n",
            ["message"] = "disk full",
            ["alias"] = "rule-1-alert-1",
            ["description"] = "d",
            ["responders"] = new JsonArray(new JsonObject { ["name"] = "ops", ["type"] = "team" }),
            ["visibleTo"] = new JsonArray(new JsonObject { ["username"] = "a@example.com", ["type"] = "user" }),
            ["actions"] = new JsonArray("ack"),
            ["tags"] = new JsonArray("t1"),
            ["details"] = new JsonObject { ["k"] = "v" },
            ["entity"] = "e",
            ["source"] = "s",
            ["priority"] = "P1",
            ["user"] = "u",
        }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/alerts", request.Path);
        Assert.Equal(string.Empty, request.QueryString);
        Assert.Equal($"GenieKey {ApiKey}", request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal(
            "{\"message\":\"disk full\",\"alias\":\"rule-1-alert-1\",\"description\":\"d\",\"responders\":[{\"name\":\"ops\",\"type\":\"team\"}],"
            + "\"visibleTo\":[{\"username\":\"a@example.com\",\"type\":\"user\"}],\"actions\":[\"ack\"],\"tags\":[\"t1\"],\"details\":{\"k\":\"v\"},"
            + "\"entity\":\"e\",\"source\":\"s\",\"priority\":\"P1\",\"user\":\"u\",\"note\":\"n\"}",
            request.BodyText);
        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal(Processed, result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_CreateAlertLongMessage_CutTo130AndWarned()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        var message = string.Concat(Enumerable.Repeat("0123456789", 20));

        await host.RunAsync(connector, Create(new JsonObject { ["message"] = message }));

        Assert.Equal($"{{\"message\":\"{message[..130]}\"}}", Assert.Single(server.Requests).BodyText);
        Assert.Contains($"connector \"{connector.Id}\" message length 200 exceeds 130 and has been truncated", host.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_AliasOver512_ReplacedBySha256OnCreateAndClose()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        var alias = new string('a', 513);
        var hashed = "sha-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(alias)));

        await host.RunAsync(connector, Create(new JsonObject { ["message"] = "m", ["alias"] = alias }));
        await host.RunAsync(connector, Close(new JsonObject { ["alias"] = alias }));

        Assert.Collection(
            server.Requests,
            create => Assert.Equal($"{{\"message\":\"m\",\"alias\":\"{hashed}\"}}", create.BodyText),
            close => Assert.Equal($"/v2/alerts/{hashed}/close", close.Path));
    }

    [Fact]
    public async Task Execute_AliasOf512_KeptAsIs()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        var alias = new string('a', 512);

        await host.RunAsync(connector, Create(new JsonObject { ["message"] = "m", ["alias"] = alias }));

        Assert.Equal($"{{\"message\":\"m\",\"alias\":\"{alias}\"}}", Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_CloseAlert_PostsCloseByAliasWithoutAliasInBody()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Close(new JsonObject { ["alias"] = "rule-1-alert-1", ["user"] = "u", ["note"] = "recovered" }));

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/alerts/rule-1-alert-1/close", request.Path);
        Assert.Equal("?identifierType=alias", request.QueryString);
        Assert.Equal($"GenieKey {ApiKey}", request.Header("Authorization"));
        Assert.Equal("{\"user\":\"u\",\"note\":\"recovered\"}", request.BodyText);
        Assert.Equal(Processed, result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_CloseAlertOnlyAlias_EmptyObjectBody()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        await host.RunAsync(connector, Close(new JsonObject { ["alias"] = "x" }));

        Assert.Equal("{}", Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_ApiUrlWithPathWithoutSlash_RelativeResolutionDropsLastSegment()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server, "/proxy/opsgenie");
        await using var _ = host;

        await host.RunAsync(connector, Create(new JsonObject { ["message"] = "m" }));

        Assert.Equal("/proxy/v2/alerts", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task Execute_Status422_ThrownUserErrorWithOpsgenieDetails()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Json(
            422, "{\"message\":\"Request body is not processable\",\"took\":0.001,\"requestId\":\"r\",\"errors\":{\"message\":\"Message can not be empty.\"}}");
        await using var _ = host;

        var result = await host.RunAsync(connector, Create(new JsonObject { ["message"] = "m" }));

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal(
            "Status code: 422. Message: Request body is not processable: {\"message\":\"Message can not be empty.\"}",
            result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_Status429WithRetryAfter_ThrownRetry()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Json(429, "{\"message\":\"You are making too many requests!\",\"took\":0,\"requestId\":\"r\"}", ("Retry-After", "60"));
        await using var _ = host;

        var result = await host.RunAsync(connector, Create(new JsonObject { ["message"] = "m" }));

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("Status code: 429. Message: You are making too many requests!", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_Status500WithoutJson_ThrownFrameworkErrorWithAxiosText()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Respond(500, "oops");
        await using var _ = host;

        var result = await host.RunAsync(connector, Close(new JsonObject { ["alias"] = "a" }));

        Assert.Equal("Status code: 500. Message: Request failed with status code 500", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_ServerHangs_ThrownTimeout()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server, fakeTime: true);
        await using var _ = host;

        var result = await host.TimeOutAsync(server, () => host.RunAsync(connector, Create(new JsonObject { ["message"] = "m" })));

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("timeout of 60000ms exceeded", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
    }

    [Fact]
    public async Task Execute_ResponseWithoutRequestId_ResponseValidationFailed()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        server.Fallback = LoopbackServer.Json(202, "{\"took\":1}");
        await using var _ = host;

        var result = await host.RunAsync(connector, Create(new JsonObject { ["message"] = "m" }));

        Assert.StartsWith("Response validation failed (types that failed validation:", result.ServiceMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_UnknownSubAction_NotRegistered()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["subAction"] = "ackAlert", ["subActionParams"] = new JsonObject() });

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal(
            $"Sub action \"ackAlert\" is not registered. Connector id: {connector.Id}. Connector name: Opsgenie. Connector type: .opsgenie",
            result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("{\"message\":\"   \"}", "Request validation failed ([message]: must be populated with a value other than just whitespace)")]
    [InlineData("{\"message\":\"m\",\"priority\":\"P6\"}", "Request validation failed ([priority]: ")]
    [InlineData("{\"message\":\"m\",\"extra\":1}", "Request validation failed ([extra]: definition for this key is missing)")]
    [InlineData("{\"message\":\"m\",\"responders\":[{\"type\":\"team\"}]}", "Request validation failed ([responders.0]: Each responder must have a \"type\" (team|user|escalation|schedule) and one of \"name\", \"id\", or \"username\")")]
    [InlineData("{\"message\":\"m\",\"visibleTo\":[{\"name\":\"x\",\"type\":\"user\"}]}", "Request validation failed ([visibleTo.0]: Each visible target must have a \"type\" (team|user) and one of \"name\", \"id\", or \"username\")")]
    [InlineData("{}", "Request validation failed ([message]: expected value of type [string] but got [undefined])")]
    public async Task Execute_InvalidCreateAlertParams_RequestValidationFailedUserError(string subActionParams, string serviceMessage)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Create(JsonNode.Parse(subActionParams)!.AsObject()));

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.StartsWith(serviceMessage, result.ServiceMessage, StringComparison.Ordinal);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_TemplatedMessage_RenderedWithoutEscaping()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        await host.RunAsync(connector, Create(new JsonObject { ["message"] = "{{context.text}}" }), new { context = new { text = Tricky } });

        Assert.Equal("{\"message\":\"say \\\"hi\\\"\\nnow *bold* _it_ <b> & done\"}", Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_RuleTagsTemplate_ReplacedByTheRulesStringTags()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        await host.RunAsync(
            connector,
            Create(new JsonObject { ["message"] = "m", ["tags"] = new JsonArray("{{rule.tags}}", "rule:{{rule.name}}") }),
            new { rule = new { name = "cpu", tags = new object[] { "prod", "db", 7 } } });

        Assert.Equal("{\"message\":\"m\",\"tags\":[\"rule:cpu\",\"prod\",\"db\"]}", Assert.Single(server.Requests).BodyText);
    }

    [Fact]
    public async Task Create_ApiUrlHostNotAllowed_ErrorValidatingUrl()
    {
        await using var host = Host(o => o.AllowedHosts = ["api.opsgenie.com"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(
            ".opsgenie", new JsonObject { ["apiUrl"] = "http://127.0.0.1:9" }, new JsonObject { ["apiKey"] = ApiKey }));

        Assert.Equal(
            "error validating connector type config: error validating url: target url \"http://127.0.0.1:9\" is not added to the Kibana config xpack.actions.allowedHosts",
            error.Message);
    }

    [Fact]
    public async Task ListConnectorTypes_Opsgenie_KibanaIdentity()
    {
        await using var host = Host();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == ".opsgenie");

        Assert.Equal("Opsgenie", type.Name);
        Assert.Equal(LicenseLevel.Platinum, type.MinimumLicenseRequired);
        Assert.Equal(["alerting", "uptime", "siem", "workflows", "agentBuilder"], type.SupportedFeatureIds);
    }

    [Fact]
    public async Task Execute_NoApiUrl_UsesServiceUrl()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(202, Processed);
        await using var host = Host(o => o.ServiceUrls[".opsgenie"] = server.Url("/eu/"));
        var connector = await host.CreateAsync(".opsgenie", secrets: new JsonObject { ["apiKey"] = ApiKey });

        var result = await host.RunAsync(connector, Create(new JsonObject { ["message"] = "m" }));

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal("/eu/v2/alerts", Assert.Single(server.Requests).Path);
    }
}
