using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Connectors.AspNetCore.Tests;

/// <summary>
/// The API over an NSubstitute <see cref="IConnectorRegistry"/>: how requests map onto the registry, how its exceptions
/// map onto Kibana's statuses, and the system-connector rows of the error matrix.
/// </summary>
public sealed class ConnectorsApiSubstituteRegistryTests
{
    private static readonly Connector SystemConnector = new()
    {
        Id = "sys-1",
        SpaceId = "default",
        Name = "System",
        ConnectorTypeId = ".cases",
        IsSystemAction = true,
    };

    private static Task<ApiTestHost> StartAsync(IConnectorRegistry registry) =>
        ApiTestHost.StartAsync(services: s => s.AddSingleton(registry));

    [Fact]
    public async Task Create_MapsBodyPathAndSpaceOntoTheRequest()
    {
        var registry = Substitute.For<IConnectorRegistry>();
        registry.CreateAsync(Arg.Any<CreateConnectorRequest>(), Arg.Any<CancellationToken>())
            .Returns(call => new Connector
            {
                Id = call.Arg<CreateConnectorRequest>().Id!,
                SpaceId = "ops",
                Name = "Hook",
                ConnectorTypeId = ".webhook",
                Config = new JsonObject { ["url"] = "http://127.0.0.1/" },
            });
        await using var host = await StartAsync(registry);

        var response = await host.PostAsync(
            "/s/ops/api/actions/connector/hook-1",
            """{"name":"Hook","connector_type_id":".webhook","config":{"url":"http://127.0.0.1/"},"secrets":{"user":"u","password":"p"}}""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        await registry.Received(1).CreateAsync(
            Arg.Is<CreateConnectorRequest>(r =>
                r.Id == "hook-1" && r.SpaceId == "ops" && r.Name == "Hook" && r.ConnectorTypeId == ".webhook"
                && r.Config["url"]!.GetValue<string>() == "http://127.0.0.1/" && r.Secrets["password"]!.GetValue<string>() == "p"),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Execute_PassesParamsLiterallyWithoutVariables()
    {
        var registry = Substitute.For<IConnectorRegistry>();
        registry.GetAsync("c1", "default", Arg.Any<CancellationToken>())
            .Returns(new Connector { Id = "c1", SpaceId = "default", Name = "C", ConnectorTypeId = ".webhook" });
        registry.ExecuteAsync(Arg.Any<ExecuteRequest>(), Arg.Any<CancellationToken>()).Returns(ConnectorResult.Ok("c1"));
        await using var host = await StartAsync(registry);

        await host.PostAsync("/api/actions/connector/c1/_execute", """{"params":{"body":"{{x}}"}}""");

        await registry.Received(1).ExecuteAsync(
            Arg.Is<ExecuteRequest>(r => r.ConnectorId == "c1" && r.Variables == null && r.Params["body"]!.GetValue<string>() == "{{x}}"),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Execute_StreamedResult_IsWrittenAsTheServiceSentItAndDisposed()
    {
        var registry = Substitute.For<IConnectorRegistry>();
        registry.GetAsync("llm", "default", Arg.Any<CancellationToken>())
            .Returns(new Connector { Id = "llm", SpaceId = "default", Name = "Model", ConnectorTypeId = ".gen-ai" });
        var owner = Substitute.For<IAsyncDisposable>();
        var stream = new ConnectorStream(Chunks("data: {\"a\":1}\n\n", "data: [DONE]\n\n"), "text/event-stream", owner);
        registry.ExecuteAsync(Arg.Any<ExecuteRequest>(), Arg.Any<CancellationToken>())
            .Returns(ConnectorResult.Ok("llm") with { Stream = stream });
        await using var host = await StartAsync(registry);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/actions/connector/llm/_execute")
        {
            Content = new StringContent("""{"params":{"subAction":"invokeStream","subActionParams":{"messages":[]}}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("kbn-xsrf", "true");
        request.Headers.Add(ApiTestHost.PrivilegeHeader, "all");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("data: {\"a\":1}\n\ndata: [DONE]\n\n", await response.Content.ReadAsStringAsync());
        Assert.True(stream.IsCompleted);
        await owner.Received().DisposeAsync();
    }

    private static async IAsyncEnumerable<ConnectorStreamChunk> Chunks(params string[] events)
    {
        foreach (var text in events)
        {
            await Task.Yield();
            yield return new ConnectorStreamChunk { Raw = System.Text.Encoding.UTF8.GetBytes(text), Payload = text };
        }
    }

    public static TheoryData<ConnectorException, HttpStatusCode, string> Exceptions => new()
    {
        { new ConnectorValidationException("error validating connector type config: [url]: bad"), HttpStatusCode.BadRequest, "Bad Request" },
        { new ConnectorForbiddenException("target url \"http://x\" is not added to the Kibana config xpack.actions.allowedHosts"), HttpStatusCode.Forbidden, "Forbidden" },
        { new ConnectorNotFoundException("Saved object [action/x] not found"), HttpStatusCode.NotFound, "Not Found" },
        { new ConnectorConflictException("Saved object [action/x] conflict"), HttpStatusCode.Conflict, "Conflict" },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public async Task RegistryExceptions_MapToKibanasStatusAndBody(ConnectorException exception, HttpStatusCode status, string error)
    {
        var registry = Substitute.For<IConnectorRegistry>();
        registry.CreateAsync(Arg.Any<CreateConnectorRequest>(), Arg.Any<CancellationToken>()).Returns(Task.FromException<Connector>(exception));
        await using var host = await StartAsync(registry);

        var response = await host.PostAsync("/api/actions/connector", """{"name":"x","connector_type_id":".webhook","secrets":{}}""");

        response.AssertError(status, error, exception.Message);
    }

    [Fact]
    public async Task Get_SystemConnector_Is404()
    {
        var registry = Substitute.For<IConnectorRegistry>();
        registry.GetAsync("sys-1", "default", Arg.Any<CancellationToken>()).Returns(SystemConnector);
        await using var host = await StartAsync(registry);

        var response = await host.GetAsync("/api/actions/connector/sys-1");

        response.AssertError(HttpStatusCode.NotFound, "Not Found", "Connector sys-1 not found");
    }

    [Fact]
    public async Task Update_SystemConnector_Is400()
    {
        var registry = Substitute.For<IConnectorRegistry>();
        registry.GetAsync("sys-1", "default", Arg.Any<CancellationToken>()).Returns(SystemConnector);
        await using var host = await StartAsync(registry);

        var response = await host.PutAsync("/api/actions/connector/sys-1", """{"name":"x"}""");

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", "System action sys-1 can not be updated.");
        await registry.DidNotReceiveWithAnyArgs().UpdateAsync(default!, default!, default);
    }

    [Fact]
    public async Task Delete_SystemConnector_Is400()
    {
        var registry = Substitute.For<IConnectorRegistry>();
        registry.GetAsync("sys-1", "default", Arg.Any<CancellationToken>()).Returns(SystemConnector);
        await using var host = await StartAsync(registry);

        var response = await host.DeleteAsync("/api/actions/connector/sys-1");

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", "System action sys-1 is not allowed to delete.");
        await registry.DidNotReceiveWithAnyArgs().DeleteAsync(default!, default!, default, default);
    }

    [Fact]
    public async Task Execute_SystemConnector_Is400()
    {
        var registry = Substitute.For<IConnectorRegistry>();
        registry.GetAsync("sys-1", "default", Arg.Any<CancellationToken>()).Returns(SystemConnector);
        await using var host = await StartAsync(registry);

        var response = await host.PostAsync("/api/actions/connector/sys-1/_execute", """{"params":{}}""");

        response.AssertError(HttpStatusCode.BadRequest, "Bad Request", "Execution of system action is not allowed");
    }

    [Fact]
    public async Task GetAll_LeavesSystemConnectorsOut()
    {
        var registry = Substitute.For<IConnectorRegistry>();
        registry.ListAsync("default", Arg.Any<CancellationToken>()).Returns(
        [
            SystemConnector,
            new Connector { Id = "c1", SpaceId = "default", Name = "C", ConnectorTypeId = ".webhook", Config = [], ReferencedByCount = 4 },
        ]);
        await using var host = await StartAsync(registry);

        var response = await host.GetAsync("/api/actions/connectors");

        Assert.Equal(
            """[{"id":"c1","name":"C","config":{},"connector_type_id":".webhook","is_missing_secrets":false,"is_preconfigured":false,"is_deprecated":false,"is_system_action":false,"is_connector_type_deprecated":false,"referenced_by_count":4}]""",
            response.Text);
    }
}
