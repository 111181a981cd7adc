using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.AspNetCore.Http;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.MicrosoftDefenderEndpoint;

public sealed class MicrosoftDefenderEndpointWireTests
{
    private const string TenantId = "tenant-1";
    private const string ClientSecret = "mde~SECRET.value with space&amp";
    private const string Scope = "https://api.securitycenter.microsoft.com/.default";

    /// <summary>Entra ID (<c>/{tenant}/oauth2/v2.0/token</c>, numbered tokens) and the Defender API (tokens in <see cref="Valid"/> only).</summary>
    private sealed class Defender
    {
        public int TokensIssued { get; private set; }

        public HashSet<string> Valid { get; } = [];

        public Queue<Func<HttpContext, Task>> Api { get; } = new();

        public async Task HandleAsync(HttpContext context)
        {
            var request = LoopbackServer.Recorded(context);
            context.Response.ContentType = "application/json";
            if (request.Path == $"/{TenantId}/oauth2/v2.0/token")
            {
                if (!request.BodyText.Contains("client_secret=" + Uri.EscapeDataString(ClientSecret).Replace("%20", "+", StringComparison.Ordinal).Replace("~", "%7E", StringComparison.Ordinal), StringComparison.Ordinal))
                {
                    context.Response.StatusCode = 401;
                    await context.Response.WriteAsync("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\"}");
                    return;
                }

                var token = $"mde-tok-{++TokensIssued}";
                Valid.Add(token);
                await context.Response.WriteAsync($"{{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"{token}\"}}");
                return;
            }

            if (request.Path.StartsWith("/blob/", StringComparison.Ordinal))
            {
                context.Response.ContentType = "application/octet-stream";
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("{\"script_name\":\"s.ps1\",\"exit_code\":0}"));
                return;
            }

            var bearer = request.Header("Authorization")?.Replace("Bearer ", string.Empty, StringComparison.Ordinal);
            if (bearer is null || !Valid.Contains(bearer))
            {
                context.Response.StatusCode = 401;
                return;
            }

            if (Api.TryDequeue(out var answer))
            {
                await answer(context);
                return;
            }

            await context.Response.WriteAsync("{\"@odata.context\":\"ctx\",\"id\":\"x\"}");
        }
    }

    private static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector, Defender Fake)> CreateAsync(
        LoopbackServer server, string secret = ClientSecret)
    {
        var fake = new Defender();
        server.Fallback = fake.HandleAsync;
        var host = Host(o => o.License = LicenseLevel.Enterprise, fakeTime: true);
        var connector = await host.CreateAsync(
            ".microsoft_defender_endpoint",
            new JsonObject
            {
                ["clientId"] = "app-id",
                ["tenantId"] = TenantId,
                ["oAuthServerUrl"] = server.Url("/ignored/path"),
                ["oAuthScope"] = Scope,
                ["apiUrl"] = server.Url("/").TrimEnd('/'),
            },
            new JsonObject { ["clientSecret"] = secret });
        return (host, connector, fake);
    }

    private static JsonObject Call(string subAction, JsonObject? subActionParams = null) =>
        new() { ["subAction"] = subAction, ["subActionParams"] = subActionParams };

    [Fact]
    public async Task GetAgentDetails_EntraTokenThenBearer_ExactRequests()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        const string machine = "{\"id\":\"m1\",\"computerDnsName\":\"host-1\",\"healthStatus\":\"Active\"}";
        fake.Api.Enqueue(LoopbackServer.Json(200, machine));

        var result = await host.RunAsync(connector, Call("getAgentDetails", new JsonObject { ["id"] = "m1" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(machine, result.Data!.ToJsonString());
        var token = server.Requests[0];
        Assert.Equal(("POST", $"/{TenantId}/oauth2/v2.0/token", string.Empty), (token.Method, token.Path, token.QueryString));
        Assert.Equal("application/x-www-form-urlencoded", token.Header("Content-Type"));
        Assert.Null(token.Header("Authorization"));
        Assert.Equal(
            "grant_type=client_credentials&client_id=app-id&scope=https%3A%2F%2Fapi.securitycenter.microsoft.com%2F.default"
            + "&client_secret=mde%7ESECRET.value+with+space%26amp",
            token.BodyText);
        var api = server.Requests[1];
        Assert.Equal(("GET", "/api/machines/m1", string.Empty), (api.Method, api.Path, api.QueryString));
        Assert.Equal("Bearer mde-tok-1", api.Header("Authorization"));
    }

    [Fact]
    public async Task Token_Cached_SecondCallNoTokenRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;

        await host.RunAsync(connector, Call("getAgentDetails", new JsonObject { ["id"] = "m1" }));
        await host.RunAsync(connector, Call("getLibraryFiles", new JsonObject()));

        Assert.Equal(1, fake.TokensIssued);
        Assert.Equal([$"/{TenantId}/oauth2/v2.0/token", "/api/machines/m1", "/api/libraryfiles"], server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Api401_NewTokenAndOneRetry_Succeeds()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        await host.RunAsync(connector, Call("getAgentDetails", new JsonObject { ["id"] = "m1" }));
        fake.Valid.Clear();

        var result = await host.RunAsync(connector, Call("isolateHost", new JsonObject { ["id"] = "m1", ["comment"] = "isolate it" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(2, fake.TokensIssued);
        var calls = server.Requests.Skip(2).ToList();
        Assert.Equal([("/api/machines/m1/isolate", "Bearer mde-tok-1"), ("/api/machines/m1/isolate", "Bearer mde-tok-2")],
            calls.Where(c => c.Path != $"/{TenantId}/oauth2/v2.0/token").Select(c => (c.Path, c.Header("Authorization"))));
        Assert.Equal("{\"Comment\":\"isolate it\",\"IsolationType\":\"Full\"}", calls[^1].BodyText);
    }

    [Fact]
    public async Task Api401Twice_Unauthorized_NoThirdAttempt()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(401, "{\"error\":{\"code\":\"Unauthorized\",\"message\":\"no\"}}"));
        fake.Api.Enqueue(LoopbackServer.Json(401, "{\"error\":{\"code\":\"Unauthorized\",\"message\":\"no\"}}"));

        var result = await host.RunAsync(connector, Call("getAgentDetails", new JsonObject { ["id"] = "m1" }));

        Assert.Equal(
            $"Status code: 401. Message: Unauthorized API Error (401)\nURL called:[get] {server.Url("/api/machines/m1")}\nResponse body: {{\"error\":{{\"code\":\"Unauthorized\",\"message\":\"no\"}}}}",
            result.ServiceMessage);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task TokenRejected_ErrorNamesTokenUrl_NoSecret()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server, secret: "wrong");
        await using var __ = host;

        var result = await host.RunAsync(connector, Call("getAgentDetails", new JsonObject { ["id"] = "m1" }));

        Assert.Equal(
            $"Status code: 401. Message: Unauthorized API Error (401)\nURL called:[post] {server.Url($"/{TenantId}/oauth2/v2.0/token")}\n"
            + "Response body: {\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\"}",
            result.ServiceMessage);
        Assert.Single(server.Requests);
        Assert.DoesNotContain("wrong", result.ServiceMessage!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAgentList_ODataQueryAndPageFields()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(200, "{\"@odata.context\":\"c\",\"@odata.count\":25,\"value\":[{\"id\":\"m11\"}],\"@odata.nextLink\":\"n\"}"));

        var result = await host.RunAsync(connector, Call("getAgentList", new JsonObject
        {
            ["healthStatus"] = "Active",
            ["id"] = new JsonArray("a", "b"),
            ["page"] = 2,
            ["pageSize"] = "10",
        }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var request = server.Requests[1];
        Assert.Equal("/api/machines", request.Path);
        Assert.Equal("?$count=true&$top=10&$skip=10&$filter=id+in+('a','b')+AND+healthStatus+eq+'Active'", request.QueryString);
        Assert.Equal(
            "{\"@odata.context\":\"c\",\"@odata.count\":25,\"value\":[{\"id\":\"m11\"}],\"@odata.nextLink\":\"n\",\"page\":2,\"pageSize\":10,\"total\":25}",
            result.Data!.ToJsonString());
    }

    [Fact]
    public async Task GetActions_PagesWalkedUntilNoNextLink()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(200, "{\"@odata.count\":3,\"value\":[{\"id\":\"1\"},{\"id\":\"2\"}],\"@odata.nextLink\":\"next\"}"));
        fake.Api.Enqueue(LoopbackServer.Json(200, "{\"@odata.count\":3,\"value\":[{\"id\":\"3\"}]}"));

        var ids = new List<string>();
        JsonNode? page = null;
        for (var number = 1; number == 1 || page?["@odata.nextLink"] is not null; number++)
        {
            var result = await host.RunAsync(connector, Call("getActions", new JsonObject
            {
                ["status"] = new JsonArray("Pending", "InProgress"),
                ["type"] = "Isolate",
                ["page"] = number,
                ["pageSize"] = 2,
                ["sortField"] = "creationDateTimeUtc",
            }));
            Assert.True(result.IsSuccess, result.ServiceMessage);
            page = result.Data;
            ids.AddRange(page!["value"]!.AsArray().Select(v => (string)v!["id"]!));
        }

        Assert.Equal(["1", "2", "3"], ids);
        Assert.Equal(
            [
                "?$count=true&$top=2&$orderby=creationDateTimeUtc+desc&$filter=status+in+('Pending','InProgress')+AND+type+eq+'Isolate'",
                "?$count=true&$top=2&$skip=2&$orderby=creationDateTimeUtc+desc&$filter=status+in+('Pending','InProgress')+AND+type+eq+'Isolate'",
            ],
            server.Requests.Skip(1).Select(r => r.QueryString));
        Assert.Equal(3, (int)page!["total"]!);
    }

    [Fact]
    public async Task RunScript_AndCancel_Bodies()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var run = await host.RunAsync(connector, Call("runScript", new JsonObject { ["id"] = "m1", ["parameters"] = new JsonObject { ["scriptName"] = "collect.ps1" } }));
        var cancel = await host.RunAsync(connector, Call("cancelAction", new JsonObject { ["actionId"] = "act-1", ["comment"] = "stop" }));
        var release = await host.RunAsync(connector, Call("releaseHost", new JsonObject { ["id"] = "m1", ["comment"] = "ok" }));

        Assert.True(run.IsSuccess && cancel.IsSuccess && release.IsSuccess);
        Assert.Equal(("POST", "/api/machines/m1/runliveresponse"), (server.Requests[1].Method, server.Requests[1].Path));
        Assert.Equal(
            "{\"Commands\":[{\"type\":\"RunScript\",\"params\":[{\"key\":\"ScriptName\",\"value\":\"collect.ps1\"},{\"key\":\"Args\",\"value\":\"--noargs\"}]}]}",
            server.Requests[1].BodyText);
        Assert.Equal(("/api/machineactions/act-1/cancel", "{\"Comment\":\"stop\"}"), (server.Requests[2].Path, server.Requests[2].BodyText));
        Assert.Equal(("/api/machines/m1/unisolate", "{\"Comment\":\"ok\"}"), (server.Requests[3].Path, server.Requests[3].BodyText));
    }

    [Fact]
    public async Task GetActionResults_LinkThenDownloadWithoutBearer_Base64()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(200, $"{{\"@odata.context\":\"c\",\"value\":\"{server.Url("/blob/out?sig=abc")}\"}}"));

        var result = await host.RunAsync(connector, Call("getActionResults", new JsonObject { ["id"] = "act-1" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("/api/machineactions/act-1/GetLiveResponseResultDownloadLink(index=0)", server.Requests[1].Path);
        var download = server.Requests[2];
        Assert.Equal(("GET", "/blob/out", "?sig=abc"), (download.Method, download.Path, download.QueryString));
        Assert.Null(download.Header("Authorization"));
        Assert.Equal("application/octet-stream", (string?)result.Data!["contentType"]);
        Assert.Equal("{\"script_name\":\"s.ps1\",\"exit_code\":0}", Encoding.UTF8.GetString(Convert.FromBase64String((string)result.Data["content"]!)));
    }

    [Fact]
    public async Task GetActionResults_NoLink_NotFound()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(200, "{\"value\":null}"));

        var result = await host.RunAsync(connector, Call("getActionResults", new JsonObject { ["id"] = "act-1" }));

        Assert.Equal("Download URL for script results of machineId [act-1] not found", result.ServiceMessage);
    }

    [Fact]
    public async Task GetActionResults_LinkHostNotAllowed_Refused()
    {
        await using var server = await LoopbackServer.StartAsync();
        var fake = new Defender();
        server.Fallback = fake.HandleAsync;
        await using var host = Host(o =>
        {
            o.License = LicenseLevel.Enterprise;
            o.AllowedHosts = ["127.0.0.1"];
        });
        var connector = await host.CreateAsync(
            ".microsoft_defender_endpoint",
            new JsonObject
            {
                ["clientId"] = "app-id", ["tenantId"] = TenantId, ["oAuthServerUrl"] = server.Url("/"), ["oAuthScope"] = Scope,
                ["apiUrl"] = server.Url("/").TrimEnd('/'),
            },
            new JsonObject { ["clientSecret"] = ClientSecret });
        var blob = "http://blob.example.invalid/out?sig=SIGNATURE";
        fake.Api.Enqueue(LoopbackServer.Json(200, $"{{\"value\":\"{blob}\"}}"));

        var result = await host.RunAsync(connector, Call("getActionResults", new JsonObject { ["id"] = "act-1" }));

        Assert.Equal(
            "error configuring connector action: target url \"http://blob.example.invalid\" is not added to the Kibana config xpack.actions.allowedHosts",
            result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task TestConnector_ResourceNotFoundIgnored_FiveResults()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        var notFound = LoopbackServer.Json(404, "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"Machine elastic-connector-test was not found\"}}");
        fake.Api.Enqueue(notFound);
        fake.Api.Enqueue(notFound);
        fake.Api.Enqueue(notFound);
        fake.Api.Enqueue(LoopbackServer.Json(200, "{\"value\":[]}"));
        fake.Api.Enqueue(notFound);

        var result = await host.RunAsync(connector, Call("testConnector", new JsonObject()));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal(
            "{\"results\":[\"API call to Machines API was successful\",\"API call to Machine Isolate was successful\",\"API call to Machine Release was successful\","
            + "\"API call to Machine Actions was successful\",\"API call to Machine RunScript was successful\"]}",
            result.Data!.ToJsonString());
        Assert.Equal(
            ["/api/machines/elastic-connector-test", "/api/machines/elastic-connector-test/isolate", "/api/machines/elastic-connector-test/unisolate", "/api/machineactions", "/api/machines/elastic-connector-test/runliveresponse"],
            server.Requests.Skip(1).Select(r => r.Path));
        Assert.Equal("?$count=true&$top=1", server.Requests[4].QueryString);
    }

    [Fact]
    public async Task TestConnector_OtherError_Fails()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(403, "{\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing application roles\"}}"));

        var result = await host.RunAsync(connector, Call("testConnector", new JsonObject()));

        Assert.Equal(
            $"Status code: 403. Message: API Error: [Forbidden] Request failed with status code 403\nURL called:[get] {server.Url("/api/machines/elastic-connector-test")}\n"
            + "Response body: {\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing application roles\"}}",
            result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task ActiveRequestAlreadyExists_Hint()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(400, "{\"error\":{\"code\":\"ActiveRequestAlreadyExists\",\"message\":\"Action is already in progress\"}}"));

        var result = await host.RunAsync(connector, Call("isolateHost", new JsonObject { ["id"] = "m1", ["comment"] = "c" }));

        Assert.Equal("Status code: 400. Message: Action is already in progress. Please wait or force clear with 'cancel' response action", result.ServiceMessage);
    }

    [Fact]
    public async Task TooManyRequests_RetryAfter_RetryAt()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}", ("Retry-After", "12")));

        var result = await host.RunAsync(connector, Call("getLibraryFiles", new JsonObject()));

        Assert.StartsWith("Status code: 429. Message: API Error: [Too Many Requests] Request failed with status code 429\nURL called:[get] ", result.ServiceMessage, StringComparison.Ordinal);
        Assert.Equal(Now.AddSeconds(12), result.Retry!.RetryAt);
    }

    [Fact]
    public async Task ServerError_RetryLater_Framework()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(500, "{}"));

        var result = await host.RunAsync(connector, Call("getAgentDetails", new JsonObject { ["id"] = "m1" }));

        Assert.Equal($"Status code: 500. Message: API Error: [Internal Server Error] Request failed with status code 500\nURL called:[get] {server.Url("/api/machines/m1")}\nResponse body: {{}}", result.ServiceMessage);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
        Assert.Null(result.Retry!.RetryAt);
    }

    [Theory]
    [InlineData("isolateHost", "{\"id\":\"m1\"}", "[comment]: expected value of type [string] but got [undefined]")]
    [InlineData("isolateHost", "{\"id\":\"\",\"comment\":\"c\"}", "[id]: value has length [0] but it must have a minimum length of [1].")]
    [InlineData("getAgentList", "{\"pageSize\":1001}", "[pageSize]: Value must be equal to or lower than [1000].")]
    [InlineData("getAgentList", "{\"healthStatus\":\"Sleeping\"}", "[healthStatus]: expected one of [Active, Inactive, ImpairedCommunication, NoSensorData, NoSensorDataImpairedCommunication, Unknown] but got [Sleeping]")]
    [InlineData("getAgentList", "{\"id\":[]}", "[id]: array size is [0], but cannot be smaller than [1]")]
    [InlineData("getActions", "{\"sortDirection\":\"up\"}", "[sortDirection]: expected one of [asc, desc] but got [up]")]
    [InlineData("getLibraryFiles", "{\"x\":1}", "[x]: definition for this key is missing")]
    [InlineData("runScript", "{\"id\":\"m\",\"parameters\":{\"scriptName\":\"s\",\"other\":1}}", "[parameters.other]: definition for this key is missing")]
    public async Task BadParams_RequestValidationFailed(string subAction, string json, string error)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var result = await host.RunAsync(connector, Call(subAction, JsonNode.Parse(json)!.AsObject()));

        Assert.Equal($"Request validation failed ({error})", result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("oAuthServerUrl", "https://login.evil.example")]
    [InlineData("apiUrl", "https://api.evil.example")]
    public async Task Config_UrlHostNotAllowed_Rejected(string field, string url)
    {
        await using var host = Host(o =>
        {
            o.License = LicenseLevel.Enterprise;
            o.AllowedHosts = ["login.microsoftonline.com", "api.securitycenter.microsoft.com"];
        });
        var config = new JsonObject
        {
            ["clientId"] = "app-id", ["tenantId"] = TenantId, ["oAuthServerUrl"] = "https://login.microsoftonline.com", ["oAuthScope"] = Scope,
            ["apiUrl"] = "https://api.securitycenter.microsoft.com",
        };
        config[field] = url;

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() =>
            host.CreateAsync(".microsoft_defender_endpoint", config, new JsonObject { ["clientSecret"] = ClientSecret }));

        Assert.Contains($"error validating url: target url \"{url}\" is not added to the Kibana config xpack.actions.allowedHosts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_NeverInResultsErrorsOrLogs()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Api.Enqueue(LoopbackServer.Json(400, "{\"error\":{\"code\":\"BadRequest\"}}"));
        var results = new List<ConnectorResult>
        {
            await host.RunAsync(connector, Call("getAgentDetails", new JsonObject { ["id"] = "m1" })),
            await host.RunAsync(connector, Call("getAgentDetails", new JsonObject { ["id"] = "m1" })),
        };

        foreach (var result in results)
        {
            var text = $"{result.Message} {result.ServiceMessage} {result.Data?.ToJsonString()}";
            Assert.DoesNotContain("SECRET", text, StringComparison.Ordinal);
            Assert.DoesNotContain("mde-tok", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("SECRET", host.AllLogText(), StringComparison.Ordinal);
    }
}
