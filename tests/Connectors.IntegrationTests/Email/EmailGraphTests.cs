using System.Text.Json.Nodes;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Email;

public sealed class EmailGraphTests
{
    private const string Secret = "graph-SENTINEL-secret&=";
    private const string TokenJson = "{\"token_type\":\"Bearer\",\"access_token\":\"graph-token-1\",\"expires_in\":3600}";

    private static ConnectorsTestHost Host(LoopbackServer server) => Emails.Host(o =>
    {
        o.ServiceUrls[".email:microsoftExchangeUrl"] = server.Url("login");
        o.ServiceUrls[".email:microsoftGraphApiUrl"] = server.Url("graph/v1.0");
    });

    private static Task<Connector> CreateAsync(ConnectorsTestHost host) => host.CreateEmailAsync(
        new JsonObject
        {
            ["service"] = "exchange_server",
            ["from"] = "alerts@example.com",
            ["clientId"] = "client-1",
            ["tenantId"] = "tenant-1",
        },
        new JsonObject { ["clientSecret"] = Secret });

    [Fact]
    public async Task Execute_Exchange_RequestsTokenThenPostsSendMail()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Json(200, TokenJson), LoopbackServer.Respond(202));
        await using var host = Host(server);
        var connector = await CreateAsync(host);
        var parameters = Emails.Params(message: "Disk *full*");
        parameters["cc"] = new JsonArray("cc@example.com");
        parameters["attachments"] = new JsonArray(new JsonObject { ["content"] = "hello", ["filename"] = "a.txt", ["contentType"] = "text/plain" });

        var result = await host.ExecuteAsync(connector, parameters);

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Collection(
            server.Requests,
            token =>
            {
                Assert.Equal("POST", token.Method);
                Assert.Equal("/login/tenant-1/oauth2/v2.0/token", token.Path);
                Assert.Equal("application/x-www-form-urlencoded", token.Header("Content-Type"));
                Assert.Equal(
                    "scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_id=client-1&client_secret=graph-SENTINEL-secret%26%3D&grant_type=client_credentials",
                    token.BodyText);
            },
            send =>
            {
                Assert.Equal("POST", send.Method);
                Assert.Equal("/graph/v1.0/users/alerts@example.com/sendMail", send.Path);
                Assert.Equal("Bearer graph-token-1", send.Header("Authorization"));
                Assert.Equal("application/json; charset=utf-8", send.Header("Content-Type"));
                Assert.Equal(
                    "{\"message\":{\"subject\":\"Disk full\",\"body\":{\"contentType\":\"HTML\",\"content\":\"<p>Disk <em>full</em></p>\\n\"},"
                    + "\"toRecipients\":[{\"emailAddress\":{\"address\":\"ops@example.com\"}}],"
                    + "\"ccRecipients\":[{\"emailAddress\":{\"address\":\"cc@example.com\"}}],\"bccRecipients\":[],"
                    + "\"attachments\":[{\"@odata.type\":\"#microsoft.graph.fileAttachment\",\"name\":\"a.txt\",\"contentType\":\"text/plain\",\"contentBytes\":\"aGVsbG8=\"}]}}",
                    send.BodyText);
            });
    }

    [Fact]
    public async Task Execute_TwiceThen4xx_TokenCachedThenDropped()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(
            LoopbackServer.Json(200, TokenJson),
            LoopbackServer.Respond(202),
            LoopbackServer.Json(401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}"),
            LoopbackServer.Json(200, TokenJson),
            LoopbackServer.Respond(202));
        await using var host = Host(server);
        var connector = await CreateAsync(host);

        var first = await host.ExecuteAsync(connector, Emails.Params());
        var second = await host.ExecuteAsync(connector, Emails.Params());
        var third = await host.ExecuteAsync(connector, Emails.Params());

        Assert.True(first.IsSuccess);
        Assert.Equal("error sending email", second.Message);
        Assert.Equal("{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}", second.ServiceMessage);
        Assert.Equal(ErrorSource.User, second.ErrorSource);
        Assert.Null(second.Retry);
        Assert.True(third.IsSuccess);
        Assert.Equal(
            ["/login/tenant-1/oauth2/v2.0/token", "/graph/v1.0/users/alerts@example.com/sendMail", "/graph/v1.0/users/alerts@example.com/sendMail",
             "/login/tenant-1/oauth2/v2.0/token", "/graph/v1.0/users/alerts@example.com/sendMail"],
            server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Execute_TokenRefused_ErrorWithKibanaTextAndNoSecret()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Json(400, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret " + Secret + "\"}"));
        await using var host = Host(server);
        var connector = await CreateAsync(host);

        var result = await host.ExecuteAsync(connector, Emails.Params());

        Assert.Equal("error sending email", result.Message);
        Assert.Equal($"Unable to retrieve access token for connectorId: {connector.Id}", result.ServiceMessage);
        Assert.Single(server.Requests);
        Assert.DoesNotContain(Secret, host.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_Graph503_RetryLater()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Json(200, TokenJson), LoopbackServer.Json(503, "{\"error\":{\"code\":\"ServiceUnavailable\"}}"));
        await using var host = Host(server);
        var connector = await CreateAsync(host);

        var result = await host.ExecuteAsync(connector, Emails.Params());

        Assert.Equal("error sending email", result.Message);
        Assert.Equal("{\"error\":{\"code\":\"ServiceUnavailable\"}}", result.ServiceMessage);
        Assert.Equal(RetryHint.Later, result.Retry);
    }

    [Fact]
    public async Task Execute_LoginHostNotAllowed_NoRequestAndUserError()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Emails.Host(o =>
        {
            o.AllowedHosts = ["graph.example.com"];
            o.ServiceUrls[".email:microsoftExchangeUrl"] = server.Url("login");
        });
        var connector = await CreateAsync(host);

        var result = await host.ExecuteAsync(connector, Emails.Params());

        Assert.Equal("error sending email", result.Message);
        Assert.Equal($"Unable to retrieve access token for connectorId: {connector.Id}", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Empty(server.Requests);
    }
}
