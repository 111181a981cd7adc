using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using static Connectors.IntegrationTests.Common.Connectors;
using static Connectors.IntegrationTests.ServiceNow.ServiceNowItsmWireTests;

namespace Connectors.IntegrationTests.ServiceNow;

public sealed class ServiceNowSirItomWireTests
{
    private static JsonObject SirIncident() => new()
    {
        ["short_description"] = "malware",
        ["correlation_id"] = "r:a",
        ["dest_ip"] = new JsonArray("10.0.0.1", "10.0.0.2"),
        ["source_ip"] = "10.0.0.2, 10.0.0.3|10.0.0.3",
        ["malware_hash"] = "abc",
        ["malware_url"] = new JsonArray("https://bad.example/x"),
        ["priority"] = "1",
    };

    [Fact]
    public async Task PushToService_SirTableApi_ObservablesJoinedWithCommas()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server, type: ".servicenow-sir");
        await using var _ = host;

        var result = await host.RunAsync(connector, Push(SirIncident()));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var create = server.Requests[0];
        Assert.Equal(("POST", "/api/now/v2/table/sn_si_incident"), (create.Method, create.Path));
        Assert.Equal(
            "{\"short_description\":\"malware\",\"description\":null,\"category\":null,\"subcategory\":null,\"correlation_id\":\"r:a\",\"correlation_display\":null,"
            + "\"dest_ip\":\"10.0.0.1,10.0.0.2\",\"malware_hash\":\"abc\",\"malware_url\":\"https://bad.example/x\",\"source_ip\":\"10.0.0.2, 10.0.0.3|10.0.0.3\","
            + "\"priority\":\"1\",\"caller_id\":\"elastic-user\",\"opened_by\":\"elastic-user\"}",
            create.BodyText);
        Assert.Equal("SIR10001", (string?)result.Data!["title"]);
        Assert.Empty(fake.Observables);
        Assert.Contains("nav_to.do?uri=sn_si_incident.do?sys_id=", (string?)result.Data["url"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushToService_SirImportSet_ObservablesNullThenBulkDeduplicated()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server, usesTableApi: false, type: ".servicenow-sir");
        await using var _ = host;

        var result = await host.RunAsync(connector, Push(SirIncident()));

        Assert.True(result.IsSuccess, result.ServiceMessage);
        var import = server.Requests[1];
        Assert.Equal("/api/now/import/x_elas2_sir_int_elastic_si_incident", import.Path);
        Assert.Contains("\"u_dest_ip\":null,\"u_malware_hash\":null,\"u_malware_url\":null,\"u_source_ip\":null,\"u_priority\":\"1\"", import.BodyText, StringComparison.Ordinal);
        var id = (string)result.Data!["id"]!;
        Assert.Collection(
            server.Requests.Skip(3),
            health => Assert.Equal("/api/x_elas2_sir_int/elastic_api/health", health.Path),
            bulk =>
            {
                Assert.Equal(("POST", $"/api/x_elas2_sir_int/elastic_api/incident/{id}/observables/bulk"), (bulk.Method, bulk.Path));
                Assert.Equal(
                    "[{\"value\":\"10.0.0.1\",\"type\":\"ipv4-addr\"},{\"value\":\"10.0.0.2\",\"type\":\"ipv4-addr\"},{\"value\":\"10.0.0.3\",\"type\":\"ipv4-addr\"},"
                    + "{\"value\":\"abc\",\"type\":\"SHA256\"},{\"value\":\"https://bad.example/x\",\"type\":\"URL\"}]",
                    bulk.BodyText);
            });
        Assert.Single(fake.Observables);
    }

    [Fact]
    public async Task Execute_SirCloseIncident_NotASirSubAction()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server, type: ".servicenow-sir");
        await using var __ = host;

        var result = await host.RunAsync(connector, new JsonObject { ["subAction"] = "closeIncident", ["subActionParams"] = new JsonObject { ["incident"] = new JsonObject() } });

        Assert.Contains("[subAction]: expected one of [getFields, getIncident, handshake, pushToService, getChoices] but got [closeIncident]", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEvent_Itom_RecordsWithGmtTimeAndWithoutNulls()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, fake) = await CreateAsync(server, type: ".servicenow-itom");
        await using var _ = host;

        var result = await host.RunAsync(
            connector,
            new JsonObject
            {
                ["subAction"] = "addEvent",
                ["subActionParams"] = new JsonObject
                {
                    ["source"] = "Elastic",
                    ["node"] = "{{context.host}}",
                    ["severity"] = "2",
                    ["description"] = null,
                    ["time_of_event"] = "1796385600000",
                },
            },
            new { rule = new { id = "r1" }, alert = new { id = "a1" }, context = new { host = "web-1" } });

        Assert.True(result.IsSuccess, result.ServiceMessage);
        Assert.Equal("{}", result.Data!.ToJsonString());
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/api/global/em/jsonv2"), (request.Method, request.Path));
        Assert.Equal(
            "{\"records\":[{\"source\":\"Elastic\",\"node\":\"web-1\",\"severity\":\"2\",\"message_key\":\"r1:a1\",\"time_of_event\":\"2026-12-04 12:00:00\"}]}",
            request.BodyText);
        Assert.Single(fake.Events);
    }

    [Fact]
    public async Task AddEvent_ItomServerError_UnableToAddEventWithoutContext()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server, type: ".servicenow-itom");
        await using var __ = host;
        server.Then(LoopbackServer.Json(500, "{\"error\":{\"message\":\"down\",\"detail\":\"maintenance\"}}"));

        var result = await host.RunAsync(connector, new JsonObject { ["subAction"] = "addEvent", ["subActionParams"] = new JsonObject { ["time_of_event"] = "not a date" } });

        Assert.Equal("[Action][ServiceNow]: Unable to add event. Error: Request failed with status code 500 Reason: down: maintenance", result.ServiceMessage);
        Assert.Equal("{\"records\":[{\"message_key\":\"{{rule.id}}:{{alert.id}}\"}]}", Assert.Single(server.Requests).BodyText);
        Assert.Same(RetryHint.Later, result.Retry);
    }

    [Fact]
    public async Task GetChoices_Itom_EmEventTable()
    {
        await using var server = await LoopbackServer.StartAsync();
        var (host, connector, _) = await CreateAsync(server, type: ".servicenow-itom");
        await using var __ = host;

        await host.RunAsync(connector, new JsonObject { ["subAction"] = "getChoices", ["subActionParams"] = new JsonObject { ["fields"] = new JsonArray("severity") } });

        Assert.StartsWith("?sysparm_query=name=task^ORname=em_event^element=severity^", Assert.Single(server.Requests).QueryString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".servicenow-sir", "ServiceNow SecOps", new[] { "alerting", "cases", "siem", "workflows" })]
    [InlineData(".servicenow-itom", "ServiceNow ITOM", new[] { "alerting", "siem", "workflows" })]
    public async Task ListConnectorTypes_SirAndItom_KibanaIdentity(string id, string name, string[] features)
    {
        await using var host = Host();

        var type = Assert.Single(host.Registry.ListConnectorTypes(), t => t.Id == id);

        Assert.Equal(name, type.Name);
        Assert.Equal(LicenseLevel.Platinum, type.MinimumLicenseRequired);
        Assert.Equal(features, type.SupportedFeatureIds);
    }

    [Fact]
    public async Task Create_ItomWithUsesTableApi_UnknownKey()
    {
        await using var host = Host();

        var error = await Assert.ThrowsAsync<ConnectorValidationException>(() => host.CreateAsync(
            ".servicenow-itom", new JsonObject { ["apiUrl"] = "http://127.0.0.1:9/", ["usesTableApi"] = true }, BasicSecrets()));

        Assert.Contains("[usesTableApi]: definition for this key is missing", error.Message, StringComparison.Ordinal);
    }
}
