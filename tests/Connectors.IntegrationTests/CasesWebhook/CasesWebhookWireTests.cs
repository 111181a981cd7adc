using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Http;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.CasesWebhook;

public sealed class CasesWebhookWireTests
{
    private const string Password = "c4ses-pa55-SECRET";
    private const string Prefix = "[Action][Webhook - Case Management]: ";

    /// <summary>A Jira-like case system: create, get, update and comment, keeping the cases in memory.</summary>
    private sealed class FakeCaseSystem(LoopbackServer server)
    {
        private int next = 10000;

        public ConcurrentDictionary<string, JsonObject> Cases { get; } = new();

        public ConcurrentDictionary<string, List<string>> Comments { get; } = new();

        public async Task HandleAsync(HttpContext context)
        {
            var path = context.Request.Path.Value!;
            var body = server.Requests[^1].BodyText; // the server has read the body to record it
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            context.Response.ContentType = "application/json";
            if (context.Request.Method == "POST" && path == "/rest/api/2/issue")
            {
                var id = Interlocked.Increment(ref next).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Cases[id] = JsonNode.Parse(body)!["fields"]!.AsObject();
                context.Response.StatusCode = 201;
                await context.Response.WriteAsync($"{{\"id\":\"{id}\",\"key\":\"PROJ-{id}\"}}");
                return;
            }

            if (segments.Length >= 5 && segments[3] == "issue" && Cases.TryGetValue(segments[4], out var issue))
            {
                var id = segments[4];
                switch (context.Request.Method, segments.Length)
                {
                    case ("GET", 5):
                        await context.Response.WriteAsync(new JsonObject { ["id"] = id, ["key"] = $"PROJ-{id}", ["fields"] = issue.DeepClone() }.ToJsonString());
                        return;
                    case ("PUT", 5):
                        Cases[id] = JsonNode.Parse(body)!["fields"]!.AsObject();
                        context.Response.StatusCode = 204;
                        context.Response.ContentType = null;
                        return;
                    case ("POST", 6) when segments[5] == "comment":
                        Comments.GetOrAdd(id, _ => []).Add(JsonNode.Parse(body)!["body"]!.GetValue<string>());
                        context.Response.StatusCode = 201;
                        await context.Response.WriteAsync("{\"id\":\"c1\"}");
                        return;
                }
            }

            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("{\"errorMessages\":[\"Issue does not exist\"]}");
        }
    }

    private static JsonObject Config(LoopbackServer server) => new()
    {
        ["createIncidentUrl"] = server.Url("/rest/api/2/issue/"),
        ["createIncidentJson"] = "{\"fields\":{\"summary\":{{{case.title}}},\"description\":{{{case.description}}},\"labels\":{{{case.tags}}}}}",
        ["createIncidentResponseKey"] = "id",
        ["getIncidentUrl"] = server.Url("/rest/api/2/issue/{{{external.system.id}}}"),
        ["getIncidentResponseExternalTitleKey"] = "key",
        ["viewIncidentUrl"] = server.Url("/browse/{{{external.system.title}}}"),
        ["updateIncidentUrl"] = server.Url("/rest/api/2/issue/{{{external.system.id}}}"),
        ["updateIncidentJson"] = "{\"fields\":{\"summary\":{{{case.title}}},\"description\":{{{case.description}}},\"labels\":{{{case.tags}}}},\"ref\":{{{external.system.id}}}}",
        ["createCommentUrl"] = server.Url("/rest/api/2/issue/{{{external.system.id}}}/comment"),
        ["createCommentMethod"] = "post",
        ["createCommentJson"] = "{\"body\":{{{case.comment}}}}",
        ["headers"] = new JsonObject { ["X-Tenant"] = "acme" },
    };

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector)> CreateAsync(
        LoopbackServer server, JsonObject? config = null, bool fakeTime = true)
    {
        var host = Host(fakeTime: fakeTime);
        var connector = await host.CreateAsync(".cases-webhook", config ?? Config(server), new JsonObject { ["user"] = "svc", ["password"] = Password });
        return (host, connector);
    }

    private static JsonObject Push(JsonObject incident, JsonArray? comments = null) => new()
    {
        ["subAction"] = "pushToService",
        ["subActionParams"] = comments is null
            ? new JsonObject { ["incident"] = incident }
            : new JsonObject { ["incident"] = incident, ["comments"] = comments },
    };

    [Fact]
    public async Task Execute_CreateThenUpdateWithComments_FakeSystemHoldsTheCaseAndEveryRequestIsExact()
    {
        await using var server = await LoopbackServer.StartAsync();
        var fake = new FakeCaseSystem(server);
        server.Fallback = fake.HandleAsync;
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"svc:{Password}"));

        var created = await host.RunAsync(connector, Push(
            new JsonObject { ["title"] = Tricky, ["description"] = "disk full", ["tags"] = new JsonArray("prod", "db"), ["id"] = "case-1" },
            new JsonArray(new JsonObject { ["comment"] = "first look", ["commentId"] = "k1" }, new JsonObject { ["comment"] = "", ["commentId"] = "k2" })));

        Assert.True(created.IsSuccess, created.ServiceMessage);
        Assert.Equal(
            "{\"id\":\"10001\",\"title\":\"PROJ-10001\",\"url\":\"" + server.Url("/browse/PROJ-10001") + "\",\"pushedDate\":\"2026-12-04T12:00:00.000Z\","
            + "\"comments\":[{\"commentId\":\"k1\",\"pushedDate\":\"2026-12-04T12:00:00.000Z\"}]}",
            created.Data!.ToJsonString());
        Assert.Equal(Tricky, fake.Cases["10001"]["summary"]!.GetValue<string>());
        Assert.Equal(["first look"], fake.Comments["10001"]);

        var updated = await host.RunAsync(connector, Push(
            new JsonObject { ["title"] = "renamed", ["externalId"] = "10001", ["description"] = null, ["tags"] = null },
            new JsonArray(new JsonObject { ["comment"] = "fixed", ["commentId"] = "k3" })));

        Assert.True(updated.IsSuccess, updated.ServiceMessage);
        Assert.Equal("10001", updated.Data!["id"]!.GetValue<string>());
        Assert.Equal("renamed", fake.Cases["10001"]["summary"]!.GetValue<string>());
        Assert.Equal(["first look", "fixed"], fake.Comments["10001"]);
        Assert.Single(fake.Cases);

        Assert.Collection(
            server.Requests,
            create =>
            {
                Assert.Equal(("POST", "/rest/api/2/issue"), (create.Method, create.Path));
                Assert.Equal(
                    "{\"fields\":{\"summary\":\"say \\\"hi\\\"\\nnow *bold* _it_ <b> & done\",\"description\":\"disk full\",\"labels\":[\"prod\",\"db\"]}}",
                    create.BodyText);
                Assert.Equal("application/json", create.Header("Content-Type"));
                Assert.Equal(basic, create.Header("Authorization"));
                Assert.Equal("acme", create.Header("X-Tenant"));
            },
            get =>
            {
                Assert.Equal(("GET", "/rest/api/2/issue/10001"), (get.Method, get.Path));
                Assert.Empty(get.Body);
                Assert.Equal(basic, get.Header("Authorization"));
            },
            comment =>
            {
                Assert.Equal(("POST", "/rest/api/2/issue/10001/comment"), (comment.Method, comment.Path));
                Assert.Equal("{\"body\":\"first look\"}", comment.BodyText);
            },
            update =>
            {
                Assert.Equal(("PUT", "/rest/api/2/issue/10001"), (update.Method, update.Path));
                Assert.Equal("{\"fields\":{\"summary\":\"renamed\",\"description\":\"\",\"labels\":[]},\"ref\":\"10001\"}", update.BodyText);
            },
            get => Assert.Equal(("GET", "/rest/api/2/issue/10001"), (get.Method, get.Path)),
            comment => Assert.Equal("{\"body\":\"fixed\"}", comment.BodyText));
    }

    [Fact]
    public async Task Execute_DoubleBraceTemplate_MustacheHtmlEscapeVisibleInTheBody()
    {
        await using var server = await LoopbackServer.StartAsync();
        var fake = new FakeCaseSystem(server);
        server.Fallback = fake.HandleAsync;
        var config = Config(server);
        config["createIncidentJson"] = "{\"fields\":{\"summary\":{{{case.title}}},\"description\":\"{{case.description}}\"}}";
        var (host, connector) = await CreateAsync(server, config);
        await using var _ = host;

        var result = await host.RunAsync(connector, Push(new JsonObject { ["title"] = "t", ["description"] = "a<b & c/d" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(
            "{\"fields\":{\"summary\":\"t\",\"description\":\"&quot;a&lt;b &amp; c&#x2F;d&quot;\"}}",
            server.Requests[0].BodyText);
    }

    [Fact]
    public async Task Execute_DoubleBraceQuoteBreaksJson_JsonErrorWithoutRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        var config = Config(server);
        config["createIncidentJson"] = "{\"summary\":{{case.title}}}";
        var (host, connector) = await CreateAsync(server, config);
        await using var _ = host;

        var result = await host.RunAsync(connector, Push(new JsonObject { ["title"] = "t" }));

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal($"{Prefix}Unable to create case. Error: JSON Error: Create case JSON body must be valid JSON.  ", result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_Status401OnCreate_WrappedWithBodyAndReason()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(401, "{\"errorMessages\":[\"nope\"]}");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Push(new JsonObject { ["title"] = "t" }));

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal(
            $"{Prefix}Unable to create case. Error: Request failed with status code 401. {{\"errorMessages\":[\"nope\"]}} Reason: Unauthorized",
            result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.DoesNotContain(Password, result.ServiceMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_Status429WithRetryAfter_ThrownRetry()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(429, string.Empty, null, ("Retry-After", "30"));
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Push(new JsonObject { ["title"] = "t" }));

        Assert.Equal($"{Prefix}Unable to create case. Error: Request failed with status code 429.  Reason: Too Many Requests", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Execute_GetFailsAfterCreate_NestedContexts()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Then(LoopbackServer.Json(201, "{\"id\":\"7\"}")).Fallback = LoopbackServer.Json(503, "{\"message\":\"down\"}");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Push(new JsonObject { ["title"] = "t" }));

        Assert.Equal(
            $"{Prefix}Unable to create case. Error: {Prefix}Unable to get case with id 7. Error: Request failed with status code 503. {{\"message\":\"down\"}} Reason: Service Unavailable. {{\"message\":\"down\"}} Reason: Service Unavailable",
            result.ServiceMessage);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_CreateResponseWithoutKey_MissingExpectedField()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Json(201, "{\"key\":\"X-1\"}");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Push(new JsonObject { ["title"] = "t" }));

        Assert.Equal($"{Prefix}Unable to create case. Error: Response is missing the expected field: id.  ", result.ServiceMessage);
    }

    [Fact]
    public async Task Execute_CreateResponseNotJson_UnsupportedContentType()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Respond(200, "<html/>", "text/html");
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Push(new JsonObject { ["title"] = "t" }));

        Assert.Equal(
            $"{Prefix}Unable to create case. Error: Unsupported content type: text/html in post {server.Url("/rest/api/2/issue")}. Supported content types: application/json.  ",
            result.ServiceMessage);
    }

    [Fact]
    public async Task Execute_ServerHangs_ThrownTimeout()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.TimeOutAsync(server, () => host.RunAsync(connector, Push(new JsonObject { ["title"] = "t" })));

        Assert.Equal($"{Prefix}Unable to create case. Error: timeout of 60000ms exceeded.  ", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
    }

    [Fact]
    public async Task Execute_UnknownSubAction_ParamsErrorNamesTheField()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["subAction"] = "getIncident", ["subActionParams"] = new JsonObject() });

        Assert.StartsWith("error validating action params: [subAction]", result.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Create_HasAuthWithoutSecrets_MustSpecifySecrets()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Host();

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(".cases-webhook", Config(server), []));

        Assert.Equal("error validating action type connector: must specify a secrets configuration", error.Message);
    }

    [Fact]
    public async Task Create_OAuth2_NotSupported()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Host();
        var config = Config(server);
        config["authType"] = "webhook-oauth2-client-credentials";

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(".cases-webhook", config, new JsonObject { ["clientSecret"] = "s" }));

        Assert.Equal("error validating connector type config: OAuth2 authentication is not supported for cases webhook connector", error.Message);
    }

    [Fact]
    public async Task Create_UrlHostNotAllowed_ConfigError()
    {
        await using var server = await LoopbackServer.StartAsync();
        await using var host = Host(o => o.AllowedHosts = ["jira.example.com"]);

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(
            ".cases-webhook", Config(server), new JsonObject { ["user"] = "svc", ["password"] = Password }));

        Assert.Equal(
            $"error validating connector type config: error configuring cases webhook action: target url \"{server.Url("/rest/api/2/issue/")}\" is not added to the Kibana config xpack.actions.allowedHosts",
            error.Message);
    }

    [Fact]
    public async Task ListConnectorTypes_CasesWebhook_KibanaIdentity()
    {
        await using var host = Host();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == ".cases-webhook");

        Assert.Equal("Webhook - Case Management", type.Name);
        Assert.Equal(LicenseLevel.Gold, type.MinimumLicenseRequired);
        Assert.Equal(["cases"], type.SupportedFeatureIds);
    }
}
