using System.Net;
using System.Text.Json.Nodes;
using Connectors.Testing;

namespace Connectors.AspNetCore.Tests;

/// <summary>Every row of Kibana's error matrix (research §7.5), with its status code and text.</summary>
public sealed class ConnectorsApiErrorMatrixTests
{
    private const string ValidTestBody =
        """{"name":"T","connector_type_id":".test","config":{"url":"http://127.0.0.1/x"},"secrets":{"token":"x"}}""";

    private static Task<ApiTestHost> StartAsync(Action<ConnectorsOptions>? configure = null, Action<IConnectorsBuilder>? connectors = null) =>
        ApiTestHost.StartAsync(
            options =>
            {
                options.Preconfigured["ops-log"] = new PreconfiguredConnectorOptions { Name = "Ops log", ActionTypeId = ".server-log" };
                configure?.Invoke(options);
            },
            connectors);

    public static TheoryData<string, string> MutatingRoutes => new()
    {
        { "POST", "/api/actions/connector/log-1" },
        { "PUT", "/api/actions/connector/log-1" },
        { "DELETE", "/api/actions/connector/log-1" },
        { "POST", "/api/actions/connector/log-1/_execute" },
        { "POST", "/s/marketing/api/actions/connector/log-1/_execute" },
    };

    public static TheoryData<string, string> AllRoutes => new()
    {
        { "POST", "/api/actions/connector" },
        { "POST", "/api/actions/connector/log-1" },
        { "PUT", "/api/actions/connector/log-1" },
        { "GET", "/api/actions/connector/log-1" },
        { "DELETE", "/api/actions/connector/log-1" },
        { "GET", "/api/actions/connectors" },
        { "GET", "/api/actions/connector_types" },
        { "POST", "/api/actions/connector/log-1/_execute" },
        { "GET", "/s/marketing/api/actions/connectors" },
    };

    [Theory]
    [MemberData(nameof(MutatingRoutes))]
    public async Task MissingXsrfHeader_Is400(string method, string path)
    {
        await using var host = await StartAsync();
        await host.CreateServerLogAsync("log-1");

        var response = await host.SendAsync(new HttpMethod(method), path, """{"name":"x"}""", xsrf: false, privilege: "all");

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", "Request must contain a kbn-xsrf header.");
        Assert.Equal("Log", (await host.Registry.GetAsync("log-1")).Name);
    }

    [Theory]
    [MemberData(nameof(AllRoutes))]
    public async Task Unauthenticated_Is401(string method, string path)
    {
        await using var host = await StartAsync();

        var response = await host.SendAsync(new HttpMethod(method), path, "{}", xsrf: true, privilege: null);

        response.AssertError(HttpStatusCode.Unauthorized, "Unauthorized", "Unauthorized");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{}")]
    public async Task Create_EmptyBody_NamesTheMissingName(string? body)
    {
        await using var host = await StartAsync();

        var response = await host.PostAsync("/api/actions/connector", body);

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", "[request body.name]: expected value of type [string] but got [undefined]");
    }

    [Theory]
    [InlineData("""{"name":"x"}""", "[request body.connector_type_id]: expected value of type [string] but got [undefined]")]
    [InlineData("""{"name":"x","connector_type_id":".server-log"}""", "[request body.secrets]: expected value of type [object] but got [undefined]")]
    [InlineData("""{"name":"  ","connector_type_id":".server-log","secrets":{}}""", "[request body.name]: value '' is not valid")]
    [InlineData("""{"name":"x","connector_type_id":"","secrets":{}}""", "[request body.connector_type_id]: value '' is not valid")]
    [InlineData("""{"name":12,"connector_type_id":".server-log","secrets":{}}""", "[request body.name]: expected value of type [string] but got [number]")]
    [InlineData("""{"name":"x","connector_type_id":".server-log","config":[],"secrets":{}}""", "[request body.config]: expected value of type [object] but got [Array]")]
    [InlineData("""{"name":"x","connector_type_id":".test","config":{"encrypted":""},"secrets":{}}""", "[request body.config.encrypted]: value '' is not valid")]
    [InlineData("""{"name":"x","connector_type_id":".test","config":{},"secrets":{"headers":{"a":[" "]}}}""", "[request body.secrets.headers]: value '' is not valid")]
    [InlineData("""{"name":"x","connector_type_id":".server-log","secrets":{},"extra":1}""", "[request body.extra]: definition for this key is missing")]
    [InlineData("""[1]""", "[request body]: expected a plain object value, but found [Array] instead.")]
    [InlineData("""{"name":""", "Invalid request payload JSON format")]
    public async Task Create_InvalidBody_Is400WithConfigSchemaText(string body, string message)
    {
        await using var host = await StartAsync();

        var response = await host.PostAsync("/api/actions/connector", body);

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", message);
    }

    [Theory]
    [InlineData("""{"name":"x","connector_type_id":".server-log"}""", "[request body.connector_type_id]: definition for this key is missing")]
    [InlineData("""{}""", "[request body.name]: expected value of type [string] but got [undefined]")]
    [InlineData("""{"name":"x","config":{"url":" "}}""", "[request body.config.url]: value '' is not valid")]
    public async Task Update_InvalidBody_Is400(string body, string message)
    {
        await using var host = await StartAsync();
        await host.CreateServerLogAsync("log-1");

        var response = await host.PutAsync("/api/actions/connector/log-1", body);

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", message);
    }

    [Theory]
    [InlineData("""{}""", "[request body.params]: expected value of type [object] but got [undefined]")]
    [InlineData("""{"params":"x"}""", "[request body.params]: expected value of type [object] but got [string]")]
    [InlineData("""{"params":{},"id":"x"}""", "[request body.id]: definition for this key is missing")]
    public async Task Execute_InvalidBody_Is400(string body, string message)
    {
        await using var host = await StartAsync();
        await host.CreateServerLogAsync("log-1");

        var response = await host.PostAsync("/api/actions/connector/log-1/_execute", body);

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", message);
    }

    [Fact]
    public async Task Create_UnregisteredType_Is400()
    {
        await using var host = await StartAsync();

        var response = await host.PostAsync(
            "/api/actions/connector",
            """{"name":"x","connector_type_id":"test.unregistered-action-type","secrets":{}}""");

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", "Action type \"test.unregistered-action-type\" is not registered.");
    }

    [Fact]
    public async Task Create_NotAuthorized_Is403NamingTheType()
    {
        await using var host = await StartAsync();

        var response = await host.PostAsync("/api/actions/connector", ValidTestBody, privilege: "read");

        response.AssertError(HttpStatusCode.Forbidden, "Forbidden", "Unauthorized to create a \".test\" action");
        Assert.Single(await host.Registry.ListAsync());
    }

    [Fact]
    public async Task Execute_NotAuthorized_Is403NamingTheType()
    {
        await using var host = await StartAsync();

        var response = await host.PostAsync("/api/actions/connector/ops-log/_execute", """{"params":{"message":"x"}}""", privilege: "read");

        response.AssertError(HttpStatusCode.Forbidden, "Forbidden", "Unauthorized to execute a \".server-log\" action");
    }

    [Theory]
    [InlineData("PUT", "/api/actions/connector/log-1", """{"name":"x"}""", "read", "Unauthorized to update actions")]
    [InlineData("DELETE", "/api/actions/connector/log-1", null, "read", "Unauthorized to delete actions")]
    [InlineData("GET", "/api/actions/connector/log-1", null, "none", "Unauthorized to get actions")]
    [InlineData("GET", "/api/actions/connectors", null, "none", "Unauthorized to get actions")]
    [InlineData("POST", "/api/actions/connector/missing/_execute", """{"params":{}}""", "read", "Unauthorized to execute actions")]
    public async Task NotAuthorized_Is403WithoutTypeWhenKibanaHasNone(string method, string path, string? body, string privilege, string message)
    {
        await using var host = await StartAsync();
        await host.CreateServerLogAsync("log-1");

        var response = await host.SendAsync(new HttpMethod(method), path, body, xsrf: true, privilege);

        response.AssertError(HttpStatusCode.Forbidden, "Forbidden", message);
        Assert.Equal("Log", (await host.Registry.GetAsync("log-1")).Name);
    }

    [Theory]
    [InlineData("/api/actions/connector/log-1")]
    [InlineData("/api/actions/connectors")]
    [InlineData("/api/actions/connector_types")]
    public async Task ReadPrivilege_MayRead(string path)
    {
        await using var host = await StartAsync();
        await host.CreateServerLogAsync("log-1");

        var response = await host.GetAsync(path, privilege: "read");

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Create_InvalidSecrets_Is400()
    {
        await using var host = await StartAsync();

        var response = await host.PostAsync("/api/actions/connector", """{"name":"x","connector_type_id":".test","secrets":{}}""");

        response.AssertError(
            HttpStatusCode.BadRequest,
            "Bad Request",
            "error validating connector type secrets: [token]: expected value of type [string] but got [undefined]");
    }

    [Fact]
    public async Task Create_TypeDisabledInConfig_Is403()
    {
        await using var host = await StartAsync(options => options.EnabledConnectorTypes = [".server-log"]);

        var response = await host.PostAsync("/api/actions/connector", ValidTestBody);

        response.AssertError(
            HttpStatusCode.Forbidden,
            "Forbidden",
            "action type \".test\" is not enabled in the Kibana config xpack.actions.enabledActionTypes");
    }

    [Fact]
    public async Task Create_LicenseTooLow_Is403()
    {
        await using var host = await StartAsync(options => options.License = LicenseLevel.Basic);

        var response = await host.PostAsync("/api/actions/connector", ValidTestBody);

        response.AssertError(
            HttpStatusCode.Forbidden,
            "Forbidden",
            "Action type .test is disabled because your basic license does not support it. Please upgrade your license.");
    }

    [Theory]
    [InlineData(LicenseState.Expired, "You cannot use actions because your gold license has expired.")]
    [InlineData(LicenseState.Unavailable, "Actions is unavailable - license information is not available at this time.")]
    public async Task LicenseGate_OnEveryRoute_Is403(LicenseState state, string message)
    {
        FakeLicenseProvider? license = null;
        await using var host = await StartAsync(connectors: c => license = c.UseFakeLicense(LicenseLevel.Gold));
        await host.CreateServerLogAsync("log-1");
        license!.Set(LicenseLevel.Gold, state);

        foreach (var row in AllRoutes)
        {
            var (method, path) = ((string)row[0], (string)row[1]);
            var response = await host.SendAsync(new HttpMethod(method), path, "{}", xsrf: true, privilege: "all");
            response.AssertError(HttpStatusCode.Forbidden, "Forbidden", message);
        }

        license.Set(LicenseLevel.Gold);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/api/actions/connectors")).Status);
    }

    [Fact]
    public async Task Execute_LicenseTooLowForTheType_Is403()
    {
        FakeLicenseProvider? license = null;
        await using var host = await StartAsync(connectors: c => license = c.UseFakeLicense(LicenseLevel.Gold));
        await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Id = "t1", Name = "T", ConnectorTypeId = ".test", Secrets = new JsonObject { ["token"] = "x" },
        });
        license!.Set(LicenseLevel.Basic);

        var response = await host.PostAsync("/api/actions/connector/t1/_execute", """{"params":{"message":"x"}}""");

        response.AssertError(
            HttpStatusCode.Forbidden,
            "Forbidden",
            "Action type .test is disabled because your basic license does not support it. Please upgrade your license.");
    }

    [Fact]
    public async Task Create_WithPreconfiguredId_Is400()
    {
        await using var host = await StartAsync();

        var response = await host.PostAsync("/api/actions/connector/ops-log", """{"name":"x","connector_type_id":".server-log","secrets":{}}""");

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", "This ops-log already exists in a preconfigured action.");
    }

    [Fact]
    public async Task Create_SystemType_Is400()
    {
        await using var host = await StartAsync(connectors: c => c.UseRecordingExecutor(new ConnectorTypeDefinition
        {
            Id = ".system-test",
            Name = "System",
            SupportedFeatureIds = [ConnectorFeatureIds.Alerting],
            IsSystemActionType = true,
        }));

        var response = await host.PostAsync("/api/actions/connector", """{"name":"x","connector_type_id":".system-test","secrets":{}}""");

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", "System action creation is forbidden. Action type: .system-test.");
    }

    [Fact]
    public async Task Create_DuplicateId_Is409()
    {
        await using var host = await StartAsync();
        await host.CreateServerLogAsync("dup");

        var response = await host.PostAsync("/api/actions/connector/dup", """{"name":"x","connector_type_id":".server-log","secrets":{}}""");

        response.AssertError(HttpStatusCode.Conflict, "Conflict", "Saved object [action/dup] conflict");
    }

    [Fact]
    public async Task Create_InvalidId_Is400()
    {
        await using var host = await StartAsync();

        var response = await host.PostAsync("/api/actions/connector/Not_Valid", """{"name":"x","connector_type_id":".server-log","secrets":{}}""");

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", "Connector ID must contain only lowercase letters, numbers, and hyphens.");
    }

    [Fact]
    public async Task Update_Preconfigured_Is400()
    {
        await using var host = await StartAsync();

        var response = await host.PutAsync("/api/actions/connector/ops-log", """{"name":"x"}""");

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", "Preconfigured action ops-log can not be updated.");
    }

    [Fact]
    public async Task Delete_Preconfigured_Is400()
    {
        await using var host = await StartAsync();

        var response = await host.DeleteAsync("/api/actions/connector/ops-log");

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", "Preconfigured action ops-log is not allowed to delete.");
    }

    [Theory]
    [InlineData("GET", "/api/actions/connector/nope", null)]
    [InlineData("PUT", "/api/actions/connector/nope", """{"name":"x"}""")]
    [InlineData("DELETE", "/api/actions/connector/nope", null)]
    [InlineData("POST", "/api/actions/connector/nope/_execute", """{"params":{}}""")]
    public async Task MissingId_Is404(string method, string path, string? body)
    {
        await using var host = await StartAsync();

        var response = await host.SendAsync(new HttpMethod(method), path, body, xsrf: true, privilege: "all");

        response.AssertError(HttpStatusCode.NotFound, "Not Found", "Saved object [action/nope] not found");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task OtherSpaceId_Is404(string method)
    {
        await using var host = await StartAsync();
        await host.CreateServerLogAsync("log-1", spaceId: "marketing");

        var response = await host.SendAsync(new HttpMethod(method), "/s/sales/api/actions/connector/log-1", """{"name":"x"}""", xsrf: true, privilege: "all");

        response.AssertError(HttpStatusCode.NotFound, "Not Found", "Saved object [action/log-1] not found");
        Assert.Equal("Log", (await host.Registry.GetAsync("log-1", "marketing")).Name);
    }

    [Fact]
    public async Task Delete_ReferencedConnector_Is409()
    {
        var references = NSubstitute.Substitute.For<IConnectorReferenceSource>();
        NSubstitute.SubstituteExtensions.Returns(references.CountReferencesAsync("log-1", "default", NSubstitute.Arg.Any<CancellationToken>()), ValueTask.FromResult(1));
        await using var host = await ApiTestHost.StartAsync(services: s => s.AddSingletonReferenceSource(references));
        await host.CreateServerLogAsync("log-1");

        var response = await host.DeleteAsync("/api/actions/connector/log-1");

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal("Connector log-1 is referenced by 1 object(s); delete them first or pass force: true.", response.Message);
    }

    [Theory]
    [InlineData("?feature_id=" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "[request query.feature_id]: value has length [101] but it must have a maximum length of [100].")]
    [InlineData("?feature=alerting", "[request query.feature]: definition for this key is missing")]
    public async Task ConnectorTypes_InvalidQuery_Is400(string query, string message)
    {
        await using var host = await StartAsync();

        var response = await host.GetAsync("/api/actions/connector_types" + query);

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", message);
    }
}
