using System.Net;
using System.Text.Json.Nodes;
using Connectors.Testing;
using Connectors.TestUtilities;
using NSubstitute;

namespace Connectors.AspNetCore.Tests;

/// <summary>Every route of <c>MapConnectorsApi()</c>, under <c>/api/actions</c> and under <c>/s/{spaceId}/api/actions</c>.</summary>
public sealed class ConnectorsApiRoutesTests
{
    public static TheoryData<string, string> Prefixes => new()
    {
        { string.Empty, "default" },
        { "/s/marketing", "marketing" },
    };

    private static Task<ApiTestHost> StartAsync(Action<IConnectorsBuilder>? connectors = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) =>
        ApiTestHost.StartAsync(
            options => options.Preconfigured["ops-log"] = new PreconfiguredConnectorOptions { Name = "Ops log", ActionTypeId = ".server-log" },
            connectors,
            services);

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Create_WithId_ReturnsKibanasConnectorShape(string prefix, string space)
    {
        await using var host = await StartAsync();

        var response = await host.PostAsync(
            $"{prefix}/api/actions/connector/my-log",
            """{"name":"My log","connector_type_id":".server-log","config":{},"secrets":{}}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentType?.MediaType);
        Assert.Equal(
            """{"id":"my-log","name":"My log","config":{},"connector_type_id":".server-log","is_missing_secrets":false,"is_preconfigured":false,"is_deprecated":false,"is_system_action":false,"is_connector_type_deprecated":false}""",
            response.Text);
        Assert.Equal("My log", (await host.Registry.GetAsync("my-log", space)).Name);
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Create_WithoutId_GeneratesAUuid(string prefix, string space)
    {
        await using var host = await StartAsync();

        var response = await host.PostAsync($"{prefix}/api/actions/connector", """{"name":"Log","connector_type_id":".server-log","secrets":{}}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var id = response.Json!["id"]!.GetValue<string>();
        Assert.True(Guid.TryParse(id, out _), id);
        Assert.Equal(".server-log", (await host.Registry.GetAsync(id, space)).ConnectorTypeId);
    }

    [Fact]
    public async Task Create_WithSecrets_NeverReturnsThem()
    {
        await using var host = await StartAsync();

        var response = await host.PostAsync(
            "/api/actions/connector/t1",
            """{"name":"T","connector_type_id":".test","config":{"url":"http://127.0.0.1/x"},"secrets":{"token":"s3cr3t-value"}}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.DoesNotContain("s3cr3t-value", response.Text, StringComparison.Ordinal);
        Assert.Equal("""{"url":"http://127.0.0.1/x"}""", response.Json!["config"]!.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Update_ReplacesNameAndConfig(string prefix, string space)
    {
        await using var host = await StartAsync();
        await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Id = "t1",
            Name = "Before",
            ConnectorTypeId = ".test",
            Config = new JsonObject { ["url"] = "http://127.0.0.1/a", ["limit"] = 3 },
            Secrets = new JsonObject { ["token"] = "x" },
            SpaceId = space,
        });

        var response = await host.PutAsync(
            $"{prefix}/api/actions/connector/t1",
            """{"name":"After","config":{"url":"http://127.0.0.1/b"},"secrets":{"token":"y"}}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(
            """{"id":"t1","name":"After","config":{"url":"http://127.0.0.1/b"},"connector_type_id":".test","is_missing_secrets":false,"is_preconfigured":false,"is_deprecated":false,"is_system_action":false,"is_connector_type_deprecated":false}""",
            response.Text);
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Get_ReturnsTheConnectorWithoutReferenceCount(string prefix, string space)
    {
        await using var host = await StartAsync();
        await host.CreateServerLogAsync("log-1", "Log one", space);

        var response = await host.GetAsync($"{prefix}/api/actions/connector/log-1");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(
            """{"id":"log-1","name":"Log one","config":{},"connector_type_id":".server-log","is_missing_secrets":false,"is_preconfigured":false,"is_deprecated":false,"is_system_action":false,"is_connector_type_deprecated":false}""",
            response.Text);
    }

    [Fact]
    public async Task Get_Preconfigured_HasNoConfigNorMissingSecretsFlag()
    {
        await using var host = await StartAsync();

        var response = await host.GetAsync("/s/any-space/api/actions/connector/ops-log");

        Assert.Equal(
            """{"id":"ops-log","name":"Ops log","connector_type_id":".server-log","is_preconfigured":true,"is_deprecated":false,"is_system_action":false,"is_connector_type_deprecated":false}""",
            response.Text);
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Delete_Returns204AndRemovesTheConnector(string prefix, string space)
    {
        await using var host = await StartAsync();
        await host.CreateServerLogAsync("log-1", spaceId: space);

        var response = await host.DeleteAsync($"{prefix}/api/actions/connector/log-1");

        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Equal(string.Empty, response.Text);
        await Assert.ThrowsAsync<ConnectorNotFoundException>(() => host.Registry.GetAsync("log-1", space));
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task GetAll_SortsByNameAndCountsReferences(string prefix, string space)
    {
        var references = Substitute.For<IConnectorReferenceSource>();
        references.CountReferencesAsync("b-log", space, Arg.Any<CancellationToken>()).Returns(2);
        await using var host = await StartAsync(services: s => s.AddSingletonReferenceSource(references));
        await host.CreateServerLogAsync("b-log", "Beta", space);
        await host.CreateServerLogAsync("a-log", "Alpha", space);
        await host.CreateServerLogAsync("elsewhere", "Elsewhere", space == "default" ? "other" : "default");

        var response = await host.GetAsync($"{prefix}/api/actions/connectors");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(
            "["
            + """{"id":"a-log","name":"Alpha","config":{},"connector_type_id":".server-log","is_missing_secrets":false,"is_preconfigured":false,"is_deprecated":false,"is_system_action":false,"is_connector_type_deprecated":false,"referenced_by_count":0},"""
            + """{"id":"b-log","name":"Beta","config":{},"connector_type_id":".server-log","is_missing_secrets":false,"is_preconfigured":false,"is_deprecated":false,"is_system_action":false,"is_connector_type_deprecated":false,"referenced_by_count":2},"""
            + """{"id":"ops-log","name":"Ops log","connector_type_id":".server-log","is_preconfigured":true,"is_deprecated":false,"is_system_action":false,"is_connector_type_deprecated":false,"referenced_by_count":0}"""
            + "]",
            response.Text);
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task ConnectorTypes_ListsEveryTypeWithKibanasShape(string prefix, string space)
    {
        _ = space;
        await using var host = await StartAsync();

        var response = await host.GetAsync($"{prefix}/api/actions/connector_types");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var types = response.Json!.AsArray();
        var ids = types.Select(t => t!["id"]!.GetValue<string>()).ToList();
        Assert.Subset(ids.ToHashSet(), new HashSet<string> { ".webhook", ".test", ".server-log" });
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(
            """{"id":".server-log","name":"Server log","enabled":true,"enabled_in_config":true,"enabled_in_license":true,"minimum_license_required":"basic","supported_feature_ids":["alerting","uptime","siem"],"is_system_action_type":false,"source":"stack","is_deprecated":false}""",
            types.Single(t => t!["id"]!.GetValue<string>() == ".server-log")!.ToJsonString());
    }

    [Fact]
    public async Task ConnectorTypes_WithFeatureId_FiltersAndDropsSystemTypes()
    {
        await using var host = await StartAsync(connectors: c => c.UseRecordingExecutor(new ConnectorTypeDefinition
        {
            Id = ".system-test",
            Name = "System",
            SupportedFeatureIds = [ConnectorFeatureIds.Cases],
            IsSystemActionType = true,
        }));

        var response = await host.GetAsync("/api/actions/connector_types?feature_id=cases");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var ids = response.Json!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToList();
        Assert.Contains(".test", ids);
        Assert.DoesNotContain(".system-test", ids);
        Assert.DoesNotContain(".server-log", ids);
        Assert.All(response.Json!.AsArray(), t => Assert.Contains("cases", t!["supported_feature_ids"]!.AsArray().Select(f => f!.GetValue<string>())));
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task Execute_Ok_ReturnsConnectorIdAndStatus(string prefix, string space)
    {
        await using var host = await StartAsync();
        await host.CreateServerLogAsync("log-1", spaceId: space);

        var response = await host.PostAsync($"{prefix}/api/actions/connector/log-1/_execute", """{"params":{"message":"hello","level":"warn"}}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("""{"connector_id":"log-1","status":"ok"}""", response.Text);
    }

    [Fact]
    public async Task Execute_Data_IsReturnedAndParamsAreLiteral()
    {
        await using var host = await StartAsync(connectors: c => c.UseRecordingExecutor(TestConnectorType.TypeId));
        var recorder = host.Services.GetRecordingExecutor(TestConnectorType.TypeId)
            .RespondWith(context => ConnectorResult.Ok(context.ConnectorId, new JsonObject { ["echo"] = context.GetParams<TestParams>().Message }));
        await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Id = "t1", Name = "T", ConnectorTypeId = ".test", Secrets = new JsonObject { ["token"] = "x" },
        });

        var response = await host.PostAsync("/api/actions/connector/t1/_execute", """{"params":{"message":"{{not.rendered}}"}}""");

        Assert.Equal("""{"connector_id":"t1","status":"ok","data":{"echo":"{{not.rendered}}"}}""", response.Text);
        Assert.Equal("{{not.rendered}}", recorder.LastExecution.GetParams<TestParams>().Message);
    }

    [Fact]
    public async Task Execute_ErrorResult_IsHttp200WithSnakeCaseFieldsAndCamelCaseErrorSource()
    {
        await using var host = await StartAsync(connectors: c => c.UseRecordingExecutor(TestConnectorType.TypeId));
        host.Services.GetRecordingExecutor(TestConnectorType.TypeId).FailNext(
            "error posting message",
            serviceMessage: "503 Service Unavailable",
            retry: RetryHint.At(new DateTimeOffset(2026, 12, 4, 12, 0, 30, TimeSpan.Zero)),
            errorSource: ErrorSource.User);
        await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Id = "t1", Name = "T", ConnectorTypeId = ".test", Secrets = new JsonObject { ["token"] = "x" },
        });

        var response = await host.PostAsync("/api/actions/connector/t1/_execute", """{"params":{"message":"hi"}}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(
            """{"connector_id":"t1","status":"error","message":"error posting message","service_message":"503 Service Unavailable","retry":"2026-12-04T12:00:30.000Z","errorSource":"user"}""",
            response.Text);
    }

    [Fact]
    public async Task Execute_RetryLater_IsTrue()
    {
        await using var host = await StartAsync(connectors: c => c.UseRecordingExecutor(".server-log"));
        host.Services.GetRecordingExecutor(".server-log").FailNext("busy", retry: RetryHint.Later);

        var response = await host.PostAsync("/api/actions/connector/ops-log/_execute", """{"params":{"message":"hi"}}""");

        Assert.Equal("""{"connector_id":"ops-log","status":"error","message":"busy","retry":true,"errorSource":"framework"}""", response.Text);
    }

    [Fact]
    public async Task Execute_InvalidParams_IsAnErrorResultNotAnHttpError()
    {
        await using var host = await StartAsync();
        await host.CreateServerLogAsync("log-1");

        var response = await host.PostAsync("/api/actions/connector/log-1/_execute", """{"params":{}}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("error", response.Json!["status"]!.GetValue<string>());
        Assert.StartsWith("error validating action params: ", response.Message, StringComparison.Ordinal);
    }
}
