using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Connectors.AspNetCore.Tests.Testing;

/// <summary>The NSubstitute style: <see cref="IConnectorRegistry"/> and <see cref="IConnectorExecutor"/> are small interfaces, easy to substitute.</summary>
public sealed class SubstituteStyleTests
{
    /// <summary>Host code under test: pages the on-call connector when an alert fires.</summary>
    private sealed class OnCallPager(IConnectorRegistry connectors)
    {
        public async Task<bool> PageAsync(string alertId, CancellationToken cancellationToken = default)
        {
            var result = await connectors.ExecuteAsync(
                new ExecuteRequest
                {
                    ConnectorId = "on-call",
                    Params = new JsonObject { ["message"] = "Alert {{alert.id}} is active" },
                    Variables = new { alert = new { id = alertId } },
                },
                cancellationToken);
            return result.IsSuccess;
        }
    }

    [Fact]
    public async Task SubstitutedRegistry_AssertsTheRequestTheHostSent()
    {
        var registry = Substitute.For<IConnectorRegistry>();
        registry.ExecuteAsync(Arg.Any<ExecuteRequest>(), Arg.Any<CancellationToken>())
            .Returns(ConnectorResult.Error("on-call", "error posting", retry: RetryHint.Later));

        var paged = await new OnCallPager(registry).PageAsync("a-1");

        Assert.False(paged);
        await registry.Received(1).ExecuteAsync(
            Arg.Is<ExecuteRequest>(r => r.ConnectorId == "on-call" && r.Params["message"]!.GetValue<string>() == "Alert {{alert.id}} is active"),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SubstitutedExecutor_RunsBehindTheRealRegistry()
    {
        var executor = Substitute.For<IConnectorExecutor>();
        executor.Definition.Returns(new ConnectorTypeDefinition
        {
            Id = ".pager",
            Name = "Pager",
            SupportedFeatureIds = [ConnectorFeatureIds.Alerting],
            Params = ConnectorSchema.Create(TestJsonContext.Default.TestParams),
        });
        executor.ExecuteAsync(Arg.Any<ConnectorExecutionContext>(), Arg.Any<CancellationToken>())
            .Returns(call => ValueTask.FromResult(ConnectorResult.Ok(call.Arg<ConnectorExecutionContext>().ConnectorId)));
        var services = new ServiceCollection();
        services.AddConnectors();
        services.AddSingleton(executor);
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IConnectorRegistry>();
        await registry.CreateAsync(new CreateConnectorRequest { Id = "on-call", Name = "On call", ConnectorTypeId = ".pager" });

        var paged = await new OnCallPager(registry).PageAsync("a-1");

        Assert.True(paged);
        await executor.Received(1).ExecuteAsync(
            Arg.Is<ConnectorExecutionContext>(c => c.ConnectorId == "on-call" && c.GetParams<TestParams>().Message == "Alert a-1 is active"),
            Arg.Any<CancellationToken>());
    }
}
