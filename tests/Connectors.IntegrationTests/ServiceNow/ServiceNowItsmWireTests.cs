using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;

namespace Connectors.IntegrationTests.ServiceNow;

public sealed class ServiceNowItsmWireTests
{
    private static readonly string Basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ServiceNowFake.User}:{ServiceNowFake.Password}"));

    internal static JsonObject BasicSecrets() => new() { ["username"] = ServiceNowFake.User, ["password"] = ServiceNowFake.Password };

    internal static async Task<(ConnectorsTestHost Host, global::Connectors.Connector Connector, ServiceNowFake Fake)> CreateAsync(
        LoopbackServer server, bool usesTableApi = true, string type = ".servicenow", bool fakeTime = false)
    {
        var fake = new ServiceNowFake();
        server.Fallback = fake.HandleAsync;
        var host = Host(fakeTime: fakeTime);
        var config = new JsonObject { ["apiUrl"] = server.Url("/") };
        if (type != ".servicenow-itom")
        {
            config["usesTableApi"] = usesTableApi;
        }

        var connector = await host.CreateAsync(type, config, BasicSecrets());
        return (host, connector, fake);
    }

    internal static JsonObject Push(JsonObject incident, JsonArray? comments = null) => new()
    {
        ["subAction"] = "pushToService",
        ["subActionParams"] = new JsonObject { ["incident"] = incident, ["comments"] = comments },
    };

    private static JsonObject Close(JsonObject incident) => new()
    {
        ["subAction"] = "closeIncident",
        ["subActionParams"] = new JsonObject { ["incident"] = incident },
    };

    private static readonly object Alert = new { rule = new { id = "rule-1", name = "CPU" }, alert = new { id = "alert-1" }, context = new { host = "web-1" } };

    [Fact]
    public async Task PushToService_CreateOnTableApi_PostsIncidentWithCallerThenReadsItBack()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;

        var result = await host.RunAsync(connector, Push(new JsonObject
        {
            ["short_description"] = "CPU high",
            ["description"] = "d",
            ["externalId"] = null,
            ["severity"] = "1",
            ["urgency"] = "2",
            ["impact"] = "3",
            ["correlation_id"] = "rule-1:alert-1",
        }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Collection(
            server.Requests,
            create =>
            {
                Assert.Equal("POST", create.Method);
                Assert.Equal("/api/now/v2/table/incident", create.Path);
                Assert.Equal(Basic, create.Header("Authorization"));
                Assert.Equal("application/json", create.Header("Content-Type"));
                Assert.Equal(
                    "{\"short_description\":\"CPU high\",\"description\":\"d\",\"category\":null,\"subcategory\":null,\"correlation_id\":\"rule-1:alert-1\","
                    + "\"correlation_display\":null,\"severity\":\"1\",\"urgency\":\"2\",\"impact\":\"3\",\"caller_id\":\"elastic-user\",\"opened_by\":\"elastic-user\"}",
                    create.BodyText);
            },
            get =>
            {
                Assert.Equal("GET", get.Method);
                Assert.Equal("/api/now/v2/table/incident/00000000000000000000000000000001", get.Path);
                Assert.Empty(get.Body);
            });
        var sysId = "00000000000000000000000000000001";
        Assert.Equal(
            $"{{\"title\":\"INC10001\",\"id\":\"{sysId}\",\"pushedDate\":\"2026-12-04T12:00:00.000Z\",\"url\":\"{server.Url("/")}nav_to.do?uri=incident.do?sys_id={sysId}\"}}",
            result.Data!.ToJsonString());
        Assert.Equal("elastic-user", (string?)fake.Incident()["caller_id"]);
    }

    [Fact]
    public async Task PushToService_ImportSetApi_HealthThenPrefixedFieldsAfterAdditionalFields()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server, usesTableApi: false);
        await using var _ = host;

        var result = await host.RunAsync(connector, Push(new JsonObject
        {
            ["short_description"] = "CPU high",
            ["correlation_id"] = "c-1",
            ["additional_fields"] = "{\"u_custom\":\"x\",\"assignment_group\":\"ops\"}",
        }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Collection(
            server.Requests,
            health => Assert.Equal(("GET", "/api/x_elas2_inc_int/elastic_api/health"), (health.Method, health.Path)),
            import =>
            {
                Assert.Equal(("POST", "/api/now/import/x_elas2_inc_int_elastic_incident"), (import.Method, import.Path));
                Assert.Equal(
                    "{\"u_custom\":\"x\",\"assignment_group\":\"ops\",\"u_short_description\":\"CPU high\",\"u_description\":null,\"u_category\":null,"
                    + "\"u_subcategory\":null,\"u_correlation_id\":\"c-1\",\"u_correlation_display\":null,\"u_severity\":null,\"u_urgency\":null,"
                    + "\"u_impact\":null,\"u_caller_id\":\"elastic-user\",\"u_opened_by\":\"elastic-user\"}",
                    import.BodyText);
            },
            get => Assert.Equal("/api/now/v2/table/incident/00000000000000000000000000000001", get.Path));
        Assert.Equal("ops", (string?)fake.Incident()["assignment_group"]);
        Assert.Equal("INC10001", (string?)result.Data!["title"]);
    }

    [Fact]
    public async Task PushToService_UpdateWithComments_PatchThenOnePatchPerCommentAsWorkNotes()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        var created = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));
        var id = (string)created.Data!["id"]!;

        var result = await host.RunAsync(connector, Push(
            new JsonObject { ["short_description"] = "s2", ["externalId"] = id },
            new JsonArray(new JsonObject { ["comment"] = "first", ["commentId"] = "c1" }, new JsonObject { ["comment"] = "", ["commentId"] = "c2" })));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var writes = server.Requests.Skip(2).Where(r => r.Method != "GET").ToList();
        Assert.Equal(3, writes.Count);
        Assert.All(writes, w => Assert.Equal(("PATCH", $"/api/now/v2/table/incident/{id}"), (w.Method, w.Path)));
        Assert.DoesNotContain("work_notes", writes[0].BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("caller_id", writes[0].BodyText, StringComparison.Ordinal);
        Assert.EndsWith(",\"correlation_display\":null,\"severity\":null,\"urgency\":null,\"impact\":null,\"work_notes\":\"first\"}", writes[1].BodyText, StringComparison.Ordinal);
        Assert.EndsWith("\"work_notes\":\"\"}", writes[2].BodyText, StringComparison.Ordinal);
        Assert.Single(fake.Tables["incident"]);
        Assert.Equal(["first", ""], fake.WorkNotes[id]);
        Assert.Equal("s2", (string?)fake.Incident()["short_description"]);
        var pushedDate = (string)result.Data!["pushedDate"]!;
        Assert.Equal("2026-12-04T12:00:01.000Z", pushedDate);
        Assert.Equal(
            $"[{{\"commentId\":\"c1\",\"pushedDate\":\"{pushedDate}\"}},{{\"commentId\":\"c2\",\"pushedDate\":\"{pushedDate}\"}}]",
            result.Data["comments"]!.ToJsonString());
    }

    [Fact]
    public async Task PushToService_ImportSetUpdate_PostsElasticIncidentId()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server, usesTableApi: false);
        await using var _ = host;
        var created = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s", ["correlation_id"] = null }));
        var id = (string)created.Data!["id"]!;

        await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s2", ["externalId"] = id, ["correlation_id"] = null }));

        var update = server.Requests.Where(r => r.Path.StartsWith("/api/now/import/", StringComparison.Ordinal)).Last();
        Assert.EndsWith($"\"u_impact\":null,\"elastic_incident_id\":\"{id}\"}}", update.BodyText, StringComparison.Ordinal);
        Assert.Single(fake.Tables["incident"]);
        Assert.Equal("s2", (string?)fake.Incident()["short_description"]);
    }

    [Fact]
    public async Task PushToService_TableApiWithAdditionalFields_RefusedBeforeAnyRequest()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var result = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s", ["additional_fields"] = new JsonObject { ["a"] = 1 } }));

        Assert.Empty(server.Requests);
        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal(
            "[Action][ServiceNow]: Unable to create incident. Error: ServiceNow additional fields are not supported for deprecated connectors. [status=400] [method=post] [endpoint=table]",
            result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Null(result.Retry);
    }

    [Theory]
    [InlineData("{\"short_description\":\"s\",\"additional_fields\":{\"short_description\":\"x\"}}", "[subActionParams.incident.additional_fields]: The following properties cannot be defined inside additional_fields: short_description.")]
    [InlineData("{\"short_description\":\"s\",\"additional_fields\":\"{nope\"}", "[subActionParams.incident.additional_fields]:")]
    [InlineData("{\"description\":\"s\"}", "short_description")]
    [InlineData("{\"short_description\":\"s\",\"unknown\":1}", "unknown")]
    public async Task PushToService_InvalidIncident_ValidationErrorWithoutRequest(string incident, string expected)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server, usesTableApi: false);
        await using var __ = host;

        var result = await host.RunAsync(connector, Push(JsonNode.Parse(incident)!.AsObject()));

        Assert.False(result.IsSuccess);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
        Assert.StartsWith("error validating action params", result.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task PushToService_TwentyOneAdditionalFields_MaxKeysError()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server, usesTableApi: false);
        await using var __ = host;
        var fields = new JsonObject();
        for (var i = 0; i < 21; i++)
        {
            fields[$"f{i}"] = i;
        }

        var result = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s", ["additional_fields"] = fields }));

        Assert.Contains("A maximum of 20 fields in additional_fields can be defined at a time.", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushToService_Http400WithErrorBody_KibanaTextUserErrorNoRetry()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;
        server.Then(LoopbackServer.Json(400, "{\"error\":{\"message\":\"Invalid input\",\"detail\":\"field x\"},\"status\":\"failure\"}"));

        var result = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));

        Assert.Equal(
            "[Action][ServiceNow]: Unable to create incident. Error: Request failed with status code 400 Reason: Invalid input: field x [status=400] [method=post] [endpoint=table]",
            result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Null(result.Retry);
    }

    [Fact]
    public async Task PushToService_Http503WithoutBody_RetryLaterFrameworkError()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;
        server.Then(LoopbackServer.Respond(503));

        var result = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));

        Assert.Equal(
            "[Action][ServiceNow]: Unable to create incident. Error: Request failed with status code 503 [status=503] [method=post] [endpoint=table]",
            result.ServiceMessage);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
        Assert.Same(RetryHint.Later, result.Retry);
    }

    [Fact]
    public async Task PushToService_Http429RetryAfter_RetryAtThatTime()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server, fakeTime: true);
        await using var __ = host;
        server.Then(LoopbackServer.Json(429, "{\"error\":{\"message\":\"Too many\"}}", ("Retry-After", "30")));

        var result = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));

        Assert.Equal(
            "[Action][ServiceNow]: Unable to create incident. Error: Request failed with status code 429 Reason: Too many [status=429] [method=post] [endpoint=table]",
            result.ServiceMessage);
        Assert.Equal(Now.AddSeconds(30), result.Retry!.RetryAt);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task PushToService_WrongPassword_FakeRejects401()
    {
        await using var server = await LoopbackServer.StartAsync();
        var fake = new ServiceNowFake();
        server.Fallback = fake.HandleAsync;
        await using var host = Host();
        var connector = await host.CreateAsync(
            ".servicenow", new JsonObject { ["apiUrl"] = server.Url("/") }, new JsonObject { ["username"] = ServiceNowFake.User, ["password"] = "wrong" });

        var result = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));

        Assert.Equal(
            "[Action][ServiceNow]: Unable to create incident. Error: Request failed with status code 401 Reason: User Not Authenticated: Required to provide Auth information [status=401] [method=post] [endpoint=table]",
            result.ServiceMessage);
        Assert.Empty(fake.Tables["incident"]);
    }

    [Fact]
    public async Task PushToService_HibernatingInstance_InstanceIssueText()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        fake.Hibernating = true;

        var result = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));

        Assert.Equal(
            "[Action][ServiceNow]: Unable to create incident. Error: There is an issue with your Service Now Instance. Please check . [status=none] [method=post] [endpoint=table]",
            result.ServiceMessage);
    }

    [Fact]
    public async Task CloseIncident_ByCorrelationId_QueriesNewestFirstAndSetsState7()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;
        await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s", ["correlation_id"] = "r:a" }));

        var result = await host.RunAsync(connector, Close(new JsonObject { ["correlation_id"] = "r:a" }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var query = server.Requests[2];
        Assert.Equal(("GET", "/api/now/v2/table/incident", "?sysparm_query=ORDERBYDESCsys_created_on^correlation_id=r:a"), (query.Method, query.Path, query.QueryString));
        var patch = server.Requests[3];
        Assert.Equal(("PATCH", "/api/now/v2/table/incident/00000000000000000000000000000001"), (patch.Method, patch.Path));
        Assert.Equal("{\"state\":\"7\",\"close_code\":\"Closed/Resolved by Caller\",\"close_notes\":\"Closed by Caller\"}", patch.BodyText);
        Assert.Equal("7", (string?)fake.Incident()["state"]);
        Assert.Equal("INC10001", (string?)result.Data!["title"]);
    }

    [Fact]
    public async Task CloseIncident_AlreadyClosed_NoUpdateAndWarned()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;
        var created = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "s" }));
        var id = (string)created.Data!["id"]!;
        await host.RunAsync(connector, Close(new JsonObject { ["externalId"] = id }));
        var before = server.Requests.Count;

        var result = await host.RunAsync(connector, Close(new JsonObject { ["externalId"] = id }));

        Assert.True(result.IsSuccess);
        Assert.Equal(id, (string?)result.Data!["id"]);
        Assert.Single(server.Requests.Skip(before));
        Assert.Contains($"[ServiceNow][CloseIncident] Incident with correlation_id: {{{{rule.id}}}}:{{{{alert.id}}}} or incidentId: {id} is closed.", host.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloseIncident_UnknownIncident404_EmptyDataAndWarned()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var result = await host.RunAsync(connector, Close(new JsonObject { ["externalId"] = "nope", ["correlation_id"] = null }));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("{}", result.Data!.ToJsonString());
        Assert.Contains("[ServiceNow][CloseIncident] No incident found with correlation_id: null or incidentId: nope.", host.AllLogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloseIncident_NeitherIdNorCorrelation_Error()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var result = await host.RunAsync(connector, Close(new JsonObject { ["externalId"] = null, ["correlation_id"] = null }));

        Assert.Equal("[Action][ServiceNow]: Unable to close incident. Error: No correlationId or incidentId found.", result.ServiceMessage);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Lifecycle_ImportSetApi_OpensOnFireCommentsOnRefireClosesOnRecovery()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server, usesTableApi: false);
        await using var _ = host;
        var fire = Push(
            new JsonObject { ["short_description"] = "CPU high on {{context.host}}" },
            new JsonArray(new JsonObject { ["comment"] = "Alert {{alert.id}} of {{rule.name}} is active", ["commentId"] = "{{alert.id}}" }));

        var opened = await host.RunAsync(connector, fire, Alert);
        var updated = await host.RunAsync(connector, fire, Alert);
        var closed = await host.RunAsync(connector, Close(new JsonObject()), Alert);

        Assert.True(opened.IsSuccess && updated.IsSuccess && closed.IsSuccess, opened.ServiceMessage + updated.ServiceMessage + closed.ServiceMessage);
        var incident = Assert.Single(fake.Tables["incident"]);
        var id = (string)incident["sys_id"]!;
        Assert.Equal(id, (string?)opened.Data!["id"]);
        Assert.Equal(id, (string?)updated.Data!["id"]);
        Assert.Equal(id, (string?)closed.Data!["id"]);
        Assert.Equal("rule-1:alert-1", (string?)incident["correlation_id"]);
        Assert.Equal("CPU high on web-1", (string?)incident["short_description"]);
        Assert.Equal(["Alert alert-1 of CPU is active", "Alert alert-1 of CPU is active"], fake.WorkNotes[id]);
        Assert.Equal("7", (string?)incident["state"]);
        Assert.Equal("Closed/Resolved by Caller", (string?)incident["close_code"]);
        var closeRequests = server.Requests.SkipWhile(r => !r.QueryString.Contains("correlation_id", StringComparison.Ordinal)).ToList();
        Assert.Equal("?sysparm_query=ORDERBYDESCsys_created_on^correlation_id=rule-1:alert-1", closeRequests[0].QueryString);
        Assert.Contains(closeRequests, r => r.BodyText == $"{{\"u_state\":\"7\",\"u_close_code\":\"Closed/Resolved by Caller\",\"u_close_notes\":\"Closed by Caller\",\"elastic_incident_id\":\"{id}\"}}");
    }

    [Fact]
    public async Task Lifecycle_TableApiByExternalId_OneTicketCommentedThenClosed()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server);
        await using var _ = host;

        var opened = await host.RunAsync(connector, Push(new JsonObject { ["short_description"] = "CPU high on {{context.host}}" }), Alert);
        var id = (string)opened.Data!["id"]!;
        var updated = await host.RunAsync(
            connector,
            Push(new JsonObject { ["short_description"] = "CPU high on {{context.host}}", ["externalId"] = id }, new JsonArray(new JsonObject { ["comment"] = "still firing", ["commentId"] = "1" })),
            Alert);
        var closed = await host.RunAsync(connector, Close(new JsonObject { ["externalId"] = id }), Alert);

        Assert.True(updated.IsSuccess && closed.IsSuccess);
        var incident = Assert.Single(fake.Tables["incident"]);
        Assert.Equal(["still firing"], fake.WorkNotes[id]);
        Assert.Equal("7", (string?)incident["state"]);
        Assert.Equal("rule-1:alert-1", (string?)incident["correlation_id"]);
    }

    [Fact]
    public async Task GetFields_SysDictionaryQueryForTaskAndTable_ReturnsRows()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["subAction"] = "getFields", ["subActionParams"] = new JsonObject() });

        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/now/table/sys_dictionary", request.Path);
        Assert.Equal(
            "?sysparm_query=name=task^ORname=incident^internal_type=string&active=true&array=false&read_only=false&sysparm_fields=max_length,element,column_label,mandatory",
            request.QueryString);
        Assert.Equal("[{\"column_label\":\"Short description\",\"mandatory\":\"false\",\"max_length\":\"160\",\"element\":\"short_description\"}]", result.Data!.ToJsonString());
    }

    [Fact]
    public async Task GetChoices_SysChoiceQueryPerField_ReturnsRows()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var result = await host.RunAsync(connector, new JsonObject
        {
            ["subAction"] = "getChoices",
            ["subActionParams"] = new JsonObject { ["fields"] = new JsonArray("severity", "urgency") },
        });

        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/now/table/sys_choice", request.Path);
        Assert.Equal(
            "?sysparm_query=name=task^ORname=incident^element=severity^ORelement=urgency^language=en&sysparm_fields=label,value,dependent_value,element",
            request.QueryString);
        Assert.Equal("1", (string?)result.Data![0]!["value"]);
    }

    [Theory]
    [InlineData("getIncident", "{\"externalId\":\"x\"}")]
    [InlineData("handshake", "{}")]
    public async Task Execute_GetIncidentOrHandshake_EmptyDataWithoutRequest(string subAction, string subActionParams)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["subAction"] = subAction, ["subActionParams"] = JsonNode.Parse(subActionParams) });

        Assert.True(result.IsSuccess);
        Assert.Equal("{}", result.Data!.ToJsonString());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Execute_UnknownSubAction_ValidationError()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server);
        await using var __ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["subAction"] = "addEvent", ["subActionParams"] = new JsonObject() });

        Assert.Contains("[subAction]: expected one of [getFields, getIncident, handshake, pushToService, getChoices, closeIncident] but got [addEvent]", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListConnectorTypes_ServiceNow_KibanaIdentity()
    {
        await using var host = Host();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == ".servicenow");

        Assert.Equal("ServiceNow ITSM", type.Name);
        Assert.Equal(LicenseLevel.Platinum, type.MinimumLicenseRequired);
        Assert.Equal(["alerting", "cases", "uptime", "siem", "workflows"], type.SupportedFeatureIds);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task Create_UsesTableApi_DeprecatedWhenTableApi(bool usesTableApi, bool deprecated)
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server, usesTableApi);
        await using var __ = host;

        Assert.Equal(deprecated, connector.IsDeprecated);
    }

    [Theory]
    [InlineData("{\"isOAuth\":true}", "{\"username\":\"u\",\"password\":\"p\"}", "userIdentifierValue must be provided when isOAuth = true")]
    [InlineData("{}", "{}", "Either basic auth or OAuth credentials must be specified")]
    [InlineData("{}", "{\"username\":\"u\"}", "username and password must both be specified")]
    [InlineData("{}", "{\"clientSecret\":\"c\"}", "clientSecret and privateKey must both be specified")]
    [InlineData("{}", "{\"clientSecret\":\"c\",\"privateKey\":\"k\"}", "username must be provided when isOAuth = false")]
    [InlineData("{\"clientId\":\"c\"}", "{\"username\":\"u\",\"password\":\"p\"}", "clientId, clientSecret, userIdentifierValue, jwtKeyId and privateKey should not be provided with isOAuth = false")]
    [InlineData("{\"isOAuth\":true,\"clientId\":\"c\",\"userIdentifierValue\":\"u\",\"jwtKeyId\":\"k\"}", "{\"username\":\"u\",\"password\":\"p\",\"clientSecret\":\"c\",\"privateKey\":\"k\"}", "Username and password should not be provided with isOAuth = true")]
    public async Task Create_InvalidConfigOrSecrets_KibanaText(string config, string secrets, string expected)
    {
        await using var host = Host();
        var configObject = JsonNode.Parse(config)!.AsObject();
        configObject["apiUrl"] = "http://127.0.0.1:9/";

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(".servicenow", configObject, JsonNode.Parse(secrets)!.AsObject()));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
