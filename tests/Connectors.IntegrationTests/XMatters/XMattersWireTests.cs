using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.XMatters;

public sealed class XMattersWireTests
{
    private const string Password = "xm-pa55word-SECRET";

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector)> CreateBasicAsync(LoopbackServer server, bool fakeTime = false)
    {
        var host = Host(fakeTime: fakeTime);
        var connector = await host.CreateAsync(
            ".xmatters",
            new JsonObject { ["configUrl"] = server.Url("/api/integration/1/functions/abc/triggers"), ["usesBasic"] = true },
            new JsonObject { ["user"] = "svc", ["password"] = Password });
        return (host, connector);
    }

    private static JsonObject AllParams() => new()
    {
        ["tags"] = "a,b",
        ["spaceId"] = "default",
        ["severity"] = "critical",
        ["date"] = "2026-12-04T12:00:00.000Z",
        ["ruleName"] = "cpu",
        ["signalId"] = "alert-1",
        ["alertActionGroupName"] = "Threshold met",
    };

    [Fact]
    public async Task Execute_BasicAuth_PostsPayloadWithBasicHeaderAndReturnsIt()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateBasicAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, AllParams());

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/integration/1/functions/abc/triggers", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"svc:{Password}")), request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        const string expected = "{\"alertActionGroupName\":\"Threshold met\",\"signalId\":\"alert-1\",\"ruleName\":\"cpu\","
            + "\"date\":\"2026-12-04T12:00:00.000Z\",\"severity\":\"critical\",\"spaceId\":\"default\",\"tags\":\"a,b\"}";
        Assert.Equal(expected, request.BodyText);
        Assert.Equal(expected, result.Data!.ToJsonString());
    }

    [Fact]
    public async Task Execute_UrlAuth_PostsToSecretsUrlWithQueryAndNoAuthorization()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Host();
        var connector = await host.CreateAsync(
            ".xmatters",
            new JsonObject { ["usesBasic"] = false },
            new JsonObject { ["secretsUrl"] = server.Url("/api/integration/1/functions/abc/triggers?apiKey=k3y-SECRET") });

        var result = await host.RunAsync(connector, new JsonObject { ["severity"] = "" });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal("?apiKey=k3y-SECRET", request.QueryString);
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("{\"severity\":\"High\"}", request.BodyText);
    }

    [Fact]
    public async Task Execute_TemplatedParams_RenderedWithoutEscaping()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateBasicAsync(server);
        await using var _ = host;

        await host.RunAsync(connector, new JsonObject { ["severity"] = "high", ["ruleName"] = "{{rule.name}}" }, new { rule = new { name = Tricky } });

        Assert.Equal("{\"ruleName\":\"say \\\"hi\\\"\\nnow *bold* _it_ <b> & done\",\"severity\":\"high\"}", Assert.Single(server.Requests).BodyText);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Execute_Status429Or5xx_RetryLater(int status)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(status, "busy", "text/plain", ("Retry-After", "30"));
        var (host, connector) = await CreateBasicAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["severity"] = "high" });

        Assert.Equal($"Error triggering xMatters flow: http status {status}, retry later", result.Message);
        Assert.Null(result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
    }

    [Fact]
    public async Task Execute_Status401_UnexpectedStatusUserError()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(401, "no");
        var (host, connector) = await CreateBasicAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["severity"] = "high" });

        Assert.Equal("Error triggering xMatters flow: unexpected status 401", result.Message);
        Assert.Null(result.Retry);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_ServerHangs_ErrorTriggeringWorkflow()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateBasicAsync(server, fakeTime: true);
        await using var _ = host;

        var result = await host.TimeOutAsync(server, () => host.RunAsync(connector, new JsonObject { ["severity"] = "high" }));

        Assert.Equal("Error triggering xMatters workflow", result.Message);
        Assert.Equal("timeout of 60000ms exceeded", result.ServiceMessage);
        Assert.DoesNotContain(Password, host.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_MissingSeverity_FieldNamed()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateBasicAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["ruleName"] = "x" });

        Assert.Equal("error validating action params: [severity]: expected value of type [string] but got [undefined]", result.Message);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("{\"usesBasic\":true,\"configUrl\":\"http://x.test\"}", "{}", "error validating connector type secrets: Provide either secretsUrl link or user/password to authenticate")]
    [InlineData("{\"usesBasic\":true,\"configUrl\":\"http://x.test\"}", "{\"user\":\"u\",\"secretsUrl\":\"http://x.test?k=1\"}", "error validating connector type secrets: Cannot use user/password for URL authentication. Provide valid secretsUrl or use Basic Authentication.")]
    [InlineData("{\"usesBasic\":true,\"configUrl\":\"http://x.test\"}", "{\"user\":\"u\"}", "error validating connector type secrets: Both user and password must be specified.")]
    [InlineData("{\"usesBasic\":false}", "{\"secretsUrl\":\"not a url\"}", "error validating connector type secrets: Invalid secretsUrl: TypeError: Invalid URL")]
    [InlineData("{\"usesBasic\":true,\"configUrl\":\"nope\"}", "{\"user\":\"u\",\"password\":\"p\"}", "error validating connector type config: Error configuring xMatters action: unable to parse url: Invalid URL")]
    [InlineData("{\"usesBasic\":true}", "{\"user\":\"u\",\"password\":\"p\"}", "error validating action type connector: Provide valid configUrl")]
    [InlineData("{\"usesBasic\":true,\"configUrl\":\"http://x.test\"}", "{\"secretsUrl\":\"http://x.test?k=1\"}", "error validating action type connector: secretsUrl should not be provided when usesBasic is true")]
    [InlineData("{\"usesBasic\":false}", "{\"user\":\"u\",\"password\":\"p\"}", "error validating action type connector: Username and password should not be provided when usesBasic is false")]
    [InlineData("{\"usesBasic\":false,\"configUrl\":\"http://x.test\"}", "{\"secretsUrl\":\"http://x.test?k=1\"}", "error validating action type connector: configUrl should not be provided when usesBasic is false")]
    public async Task Create_InvalidCombination_KibanasText(string config, string secrets, string message)
    {
        await using var host = Host();

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(
            ".xmatters", JsonNode.Parse(config)!.AsObject(), JsonNode.Parse(secrets)!.AsObject()));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task Create_SecretsUrlNotAllowed_MessageWithoutTheApiKey()
    {
        await using var host = Host(o => o.AllowedHosts = ["xmatters.example.com"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(
            ".xmatters", new JsonObject { ["usesBasic"] = false }, new JsonObject { ["secretsUrl"] = "https://evil.test/trigger?apiKey=k3y-SECRET" }));

        Assert.Equal(
            "error validating connector type secrets: target url \"https://evil.test\" is not added to the Kibana config xpack.actions.allowedHosts",
            error.Message);
    }

    [Fact]
    public async Task ListConnectorTypes_XMatters_KibanaIdentity()
    {
        await using var host = Host();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == ".xmatters");

        Assert.Equal("xMatters", type.Name);
        Assert.Equal(LicenseLevel.Gold, type.MinimumLicenseRequired);
        Assert.Equal(["alerting", "siem"], type.SupportedFeatureIds);
    }
}
