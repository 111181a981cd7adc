using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Http;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.CrowdStrike;

public sealed class CrowdStrikeWireTests
{
    private const string ClientId = "cs-client-id";
    private const string ClientSecret = "cs-CLIENT-secret-value";

    /// <summary>The Falcon API: <c>/oauth2/token</c> hands out numbered tokens; the API accepts only the tokens in <see cref="Valid"/>.</summary>
    private sealed class Falcon
    {
        public int TokensIssued { get; private set; }

        public HashSet<string> Valid { get; } = [];

        /// <summary>Answers of the API calls (after the bearer check), in order; then <c>{"resources":[]}</c>.</summary>
        public Queue<Func<HttpContext, Task>> Api { get; } = new();

        public int ExpiresIn { get; set; } = 1799;

        public async Task HandleAsync(HttpContext context)
        {
            var request = LoopbackServer.Recorded(context);
            context.Response.ContentType = "application/json";
            if (request.Path == "/oauth2/token")
            {
                if (request.Header("authorization") != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")))
                {
                    context.Response.StatusCode = 401;
                    await context.Response.WriteAsync("{\"errors\":[{\"code\":401,\"message\":\"access denied, invalid bearer token\"}]}");
                    return;
                }

                var token = $"tok-{++TokensIssued}";
                Valid.Add(token);
                context.Response.StatusCode = 201;
                await context.Response.WriteAsync($"{{\"access_token\":\"{token}\",\"token_type\":\"bearer\",\"expires_in\":{ExpiresIn}}}");
                return;
            }

            var bearer = request.Header("Authorization")?.Replace("Bearer ", string.Empty, StringComparison.Ordinal);
            if (bearer is null || !Valid.Contains(bearer))
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsync("{\"meta\":{},\"errors\":[{\"code\":401,\"message\":\"access denied, invalid bearer token\"}]}");
                return;
            }

            if (Api.TryDequeue(out var answer))
            {
                await answer(context);
                return;
            }

            await context.Response.WriteAsync("{\"meta\":{\"query_time\":0.1},\"resources\":[],\"errors\":[]}");
        }
    }

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector, Falcon Fake)> CreateAsync(
        LoopbackServer server, string secret = ClientSecret, Action<ConnectorsOptions>? configure = null)
    {
        var fake = new Falcon();
        server.Fallback = fake.HandleAsync;
        var host = Host(
            o =>
            {
                o.License = LicenseLevel.Enterprise;
                configure?.Invoke(o);
            },
            fakeTime: true);
        var connector = await host.CreateAsync(
            ".crowdstrike",
            new JsonObject { ["url"] = server.Url("/").TrimEnd('/') },
            new JsonObject { ["clientId"] = ClientId, ["clientSecret"] = secret });
        return (host, connector, fake);
    }

    private static JsonObject Call(string subAction, JsonObject? subActionParams = null) =>
        new() { ["subAction"] = subAction, ["subActionParams"] = subActionParams };

    private static JsonObject Ids(params string[] ids) => new() { ["ids"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]) };

    [Fact]
    public async Task GetAgentDetails_TokenThenBearer_ExactRequestsAndRawBody()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        const string devices = "{\"meta\":{\"query_time\":0.01},\"resources\":[{\"device_id\":\"a\",\"hostname\":\"h1\"}],\"errors\":[]}";
        fake.Api.Enqueue(LoopbackServer.Json(200, devices));

        var result = await host.RunAsync(connector, Call("getAgentDetails", Ids("a", "b")));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(devices, result.Data!.ToJsonString());
        var token = server.Requests[0];
        Assert.Equal(("POST", "/oauth2/token", string.Empty), (token.Method, token.Path, token.QueryString));
        Assert.Equal("application/json", token.Header("accept"));
        Assert.Equal("application/x-www-form-urlencoded", token.Header("Content-Type"));
        Assert.Equal("Basic Y3MtY2xpZW50LWlkOmNzLUNMSUVOVC1zZWNyZXQtdmFsdWU=", token.Header("authorization"));
        Assert.Empty(token.Body);
        var api = server.Requests[1];
        Assert.Equal(("GET", "/devices/entities/devices/v2", "?ids=a%2Cb"), (api.Method, api.Path, api.QueryString));
        Assert.Equal("Bearer tok-1", api.Header("Authorization"));
        Assert.Empty(api.Body);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Token_CachedUntilShortlyBeforeExpiry_ThenRefreshed()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;

        Assert.True((await host.RunAsync(connector, Call("getAgentOnlineStatus", Ids("a")))).IsSuccess);
        Assert.True((await host.RunAsync(connector, Call("getAgentDetails", Ids("a")))).IsSuccess);
        host.Time!.Advance(TimeSpan.FromSeconds(1799 - 31));
        Assert.True((await host.RunAsync(connector, Call("getAgentDetails", Ids("a")))).IsSuccess);
        Assert.Equal(1, fake.TokensIssued);
        host.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await host.RunAsync(connector, Call("getAgentDetails", Ids("a")))).IsSuccess);

        Assert.Equal(2, fake.TokensIssued);
        Assert.Equal(
            ["/oauth2/token", "/devices/entities/online-state/v1", "/devices/entities/devices/v2", "/devices/entities/devices/v2", "/oauth2/token", "/devices/entities/devices/v2"],
            server.Requests.Select(r => r.Path));
        Assert.Equal("Bearer tok-2", server.Requests[^1].Header("Authorization"));
    }

    [Fact]
    public async Task Api401_OneReauthThenRetry_Succeeds()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        Assert.True((await host.RunAsync(connector, Call("getAgentDetails", Ids("a")))).IsSuccess);
        fake.Valid.Clear(); // the cached tok-1 is revoked

        var result = await host.RunAsync(connector, Call("getAgentDetails", Ids("a")));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Contains($"connector {connector.Id}: received HTTP 401 (Unauthorized). Re-generating new access token and trying again", host.AllLogText(), StringComparison.Ordinal);
        Assert.Equal(2, fake.TokensIssued);
        Assert.Equal(
            [("/devices/entities/devices/v2", "Bearer tok-1"), ("/oauth2/token", "Basic"), ("/devices/entities/devices/v2", "Bearer tok-2")],
            server.Requests.Skip(2).Select(r => (r.Path, r.Header("Authorization")!.Split(' ')[0] == "Basic" ? "Basic" : r.Header("Authorization"))));
    }

    [Fact]
    public async Task Api401Twice_OnlyOneReauth_ErrorIsCrowdStrikesMessage()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        var unauthorized = LoopbackServer.Json(401, "{\"errors\":[{\"code\":401,\"message\":\"access denied, invalid bearer token\"}]}");
        fake.Api.Enqueue(unauthorized);
        fake.Api.Enqueue(unauthorized);

        var result = await host.RunAsync(connector, Call("getAgentDetails", Ids("a")));

        Assert.False(result.IsSuccess);
        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("access denied, invalid bearer token", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Equal(2, fake.TokensIssued);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task TokenRejected_NoRetry_MessageFromErrors()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server, secret: "wrong-secret");
        await using var _ = host;

        var result = await host.RunAsync(connector, Call("getAgentDetails", Ids("a")));

        Assert.Equal("access denied, invalid bearer token", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Single(server.Requests);
        Assert.Equal(0, fake.TokensIssued);
    }

    [Fact]
    public async Task HostActions_ContainWithParameters_QueryAndBody()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        const string answer = "{\"meta\":{},\"resources\":[{\"id\":\"a\",\"path\":\"p\"}],\"errors\":null}";
        fake.Api.Enqueue(LoopbackServer.Json(202, answer));

        var result = await host.RunAsync(connector, Call("hostActions", new JsonObject
        {
            ["command"] = "contain",
            ["ids"] = new JsonArray("a", "b"),
            ["actionParameters"] = new JsonObject { ["comment"] = "isolate", ["n"] = 1 },
            ["alertIds"] = new JsonArray("al-1"),
            ["comment"] = "not sent",
        }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(answer, result.Data!.ToJsonString());
        var request = server.Requests[1];
        Assert.Equal(("POST", "/devices/entities/devices-actions/v2", "?action_name=contain"), (request.Method, request.Path, request.QueryString));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("{\"ids\":[\"a\",\"b\"],\"action_parameters\":[{\"name\":\"comment\",\"value\":\"isolate\"},{\"name\":\"n\",\"value\":1}]}", request.BodyText);
    }

    [Fact]
    public async Task ExecuteRtrCommand_InitSessionThenRunscript()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(201, "{\"batch_id\":\"batch-9\",\"resources\":{}}"));
        const string answer = "{\"combined\":{\"resources\":{\"h1\":{\"stdout\":\"ok\"}}},\"meta\":{},\"errors\":null}";
        fake.Api.Enqueue(LoopbackServer.Json(201, answer));

        var result = await host.RunAsync(connector, Call("batchAdminExecuteRTR", new JsonObject
        {
            ["command"] = "runscript -CloudFile=\"x\"",
            ["endpoint_ids"] = new JsonArray("h1"),
        }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(answer, result.Data!.ToJsonString());
        Assert.Equal(("POST", "/real-time-response/combined/batch-init-session/v1", "{\"host_ids\":[\"h1\"]}"), (server.Requests[1].Method, server.Requests[1].Path, server.Requests[1].BodyText));
        Assert.Equal("/real-time-response/combined/batch-admin-command/v1", server.Requests[2].Path);
        Assert.Equal(
            "{\"base_command\":\"runscript\",\"command_string\":\"runscript -CloudFile=\\\"x\\\"\",\"batch_id\":\"batch-9\",\"hosts\":[\"h1\"],\"persist_all\":false}",
            server.Requests[2].BodyText);
    }

    [Theory]
    [InlineData("executeRTRCommand", "/real-time-response/combined/batch-command/v1")]
    [InlineData("batchActiveResponderExecuteRTR", "/real-time-response/combined/batch-active-responder-command/v1")]
    public async Task RtrVariants_PostToTheirEndpoint(string subAction, string path)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(201, "{\"batch_id\":\"b\"}"));

        var result = await host.RunAsync(connector, Call(subAction, new JsonObject { ["command"] = "runscript -Raw=```ls```", ["endpoint_ids"] = new JsonArray("h") }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(path, server.Requests[^1].Path);
    }

    [Fact]
    public async Task ExecuteRtrCommand_NotRunscript_CommandNotSupportedAfterSession()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(201, "{\"batch_id\":\"b\"}"));

        var result = await host.RunAsync(connector, Call("executeRTRCommand", new JsonObject { ["command"] = "ls -l", ["endpoint_ids"] = new JsonArray("h") }));

        Assert.Equal("Command not supported", result.ServiceMessage);
        Assert.Equal("/real-time-response/combined/batch-init-session/v1", server.Requests[^1].Path);
    }

    [Fact]
    public async Task GetRtrCloudScripts_Get()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var result = await host.RunAsync(connector, Call("getRTRCloudScripts", new JsonObject()));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(("GET", "/real-time-response/entities/scripts/v1", string.Empty), (server.Requests[1].Method, server.Requests[1].Path, server.Requests[1].QueryString));
    }

    [Fact]
    public async Task TooManyRequests_RetryAfter_RetryAt()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(429, "{\"errors\":[{\"code\":429,\"message\":\"API rate limit exceeded.\"}]}", ("Retry-After", "30")));

        var result = await host.RunAsync(connector, Call("getAgentDetails", Ids("a")));

        Assert.Equal("API rate limit exceeded.", result.ServiceMessage);
        Assert.Equal(Now.AddSeconds(30), result.Retry!.RetryAt);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task ServerError_ApiErrorWithBody_RetryLater()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(503, "{\"meta\":{\"trace_id\":\"t\"}}"));

        var result = await host.RunAsync(connector, Call("getAgentDetails", Ids("a")));

        Assert.Equal("API Error: {\"meta\":{\"trace_id\":\"t\"}}", result.ServiceMessage);
        Assert.NotNull(result.Retry);
        Assert.Null(result.Retry!.RetryAt);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }

    [Fact]
    public async Task Forbidden_FirstErrorMessage_UserError()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(403, "{\"errors\":[{\"code\":403,\"message\":\"access denied, authorization failed\"},{\"code\":403,\"message\":\"second\"}]}"));

        var result = await host.RunAsync(connector, Call("getAgentDetails", Ids("zz")));

        Assert.Equal("access denied, authorization failed", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.NotNull(result.Retry);
    }

    [Fact]
    public async Task ConnectionRefused_KibanasText()
    {
        var host = Host(o => o.License = LicenseLevel.Enterprise);
        await using var _ = host;
        var connector = await host.CreateAsync(".crowdstrike", new JsonObject { ["url"] = "http://127.0.0.1:9" }, new JsonObject { ["clientId"] = ClientId, ["clientSecret"] = ClientSecret });

        var result = await host.RunAsync(connector, Call("getAgentDetails", Ids("a")));

        Assert.Equal("Status code: undefined. Message: Connection Refused: 127.0.0.1:9", result.ServiceMessage);
    }

    [Theory]
    [InlineData("{\"ids\":[\"a\"],\"extra\":1}", "[extra]: definition for this key is missing")]
    [InlineData("{}", "[ids]: expected value of type [Array] but got [undefined]")]
    [InlineData("{\"ids\":\"a\"}", "[ids]: expected value of type [Array] but got [string]")]
    public async Task GetAgentDetails_BadParams_RequestValidationFailed(string json, string error)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var result = await host.RunAsync(connector, Call("getAgentDetails", JsonNode.Parse(json)!.AsObject()));

        Assert.Equal($"Request validation failed ({error})", result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task HostActions_UnknownCommand_Rejected()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var result = await host.RunAsync(connector, Call("hostActions", new JsonObject { ["command"] = "hide_host", ["ids"] = new JsonArray("a") }));

        Assert.Equal("Request validation failed ([command]: expected one of [contain, lift_containment] but got [hide_host])", result.ServiceMessage);
    }

    [Fact]
    public async Task Config_HostNotAllowed_Rejected()
    {
        await using var host = Host(o =>
        {
            o.License = LicenseLevel.Enterprise;
            o.AllowedHosts = ["api.crowdstrike.com"];
        });

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() =>
            host.CreateAsync(".crowdstrike", new JsonObject { ["url"] = "https://evil.example.com" }, new JsonObject { ["clientId"] = ClientId, ["clientSecret"] = ClientSecret }));

        Assert.Contains("error validating url: target url \"https://evil.example.com\" is not added to the Kibana config xpack.actions.allowedHosts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task License_BelowEnterprise_NotCreated()
    {
        await using var host = Host();

        await Assert.ThrowsAnyAsync<ConnectorException>(() =>
            host.CreateAsync(".crowdstrike", new JsonObject { ["url"] = "https://api.crowdstrike.com" }, new JsonObject { ["clientId"] = ClientId, ["clientSecret"] = ClientSecret }));
    }

    [Fact]
    public async Task Secrets_NeverInResultsErrorsOrLogs()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(500, "{\"errors\":[]}"));
        var results = new List<ConnectorResult>
        {
            await host.RunAsync(connector, Call("getAgentDetails", Ids("a"))),
            await host.RunAsync(connector, Call("getAgentDetails", Ids("a"))),
            await host.RunAsync(connector, Call("nope")),
        };
        var (badHost, badConnector, _) = await CreateAsync(server, secret: ClientSecret + "-x");
        await using var __ = badHost;
        results.Add(await badHost.RunAsync(badConnector, Call("getAgentDetails", Ids("a"))));

        foreach (var result in results)
        {
            var text = $"{result.Message} {result.ServiceMessage} {result.Data?.ToJsonString()}";
            Assert.DoesNotContain(ClientSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("tok-1", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(ClientSecret, host.AllLogText() + badHost.AllLogText(), StringComparison.Ordinal);
        Assert.Equal("Sub action \"nope\" is not registered. Connector id: " + connector.Id + ". Connector name: CrowdStrike. Connector type: .crowdstrike", results[2].ServiceMessage);
    }
}
