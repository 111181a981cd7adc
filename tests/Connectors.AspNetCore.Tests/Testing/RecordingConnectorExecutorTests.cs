using System.Text.Json.Nodes;
using Connectors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.AspNetCore.Tests.Testing;

/// <summary>The Connectors.Testing style: a real registry with a connector type replaced by a recording executor.</summary>
public sealed class RecordingConnectorExecutorTests : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly FakeLicenseProvider license;

    public RecordingConnectorExecutorTests()
    {
        var services = new ServiceCollection();
        var connectors = services.AddConnectors(o => o.AllowedHosts = ["127.0.0.1"]);
        connectors.UseRecordingExecutor(".webhook");
        license = connectors.UseFakeLicense(LicenseLevel.Gold);
        provider = services.BuildServiceProvider();
    }

    private IConnectorRegistry Registry => provider.GetRequiredService<IConnectorRegistry>();

    private RecordingConnectorExecutor Webhook => provider.GetRecordingExecutor(".webhook");

    public ValueTask DisposeAsync() => provider.DisposeAsync();

    private Task<Connector> CreateWebhookAsync() => Registry.CreateAsync(new CreateConnectorRequest
    {
        Id = "hook",
        Name = "Hook",
        ConnectorTypeId = ".webhook",
        // Nothing listens on port 1: a request would fail, the recorder sends none.
        Config = new JsonObject { ["url"] = "http://127.0.0.1:1/alerts", ["hasAuth"] = false },
    });

    [Fact]
    public async Task Execute_RecordsTheRenderedParamsWithTheTypesEscapes()
    {
        await CreateWebhookAsync();

        var result = await Registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = "hook",
            Params = new JsonObject { ["body"] = """{"text":"{{context.message}}","rule":"{{rule.id}}"}""" },
            Variables = new { context = new { message = "CPU \"high\"" }, rule = new { id = "r-1" } },
        });

        Assert.True(result.IsSuccess);
        var execution = Assert.Single(Webhook.Executions);
        Assert.Equal("hook", execution.ConnectorId);
        Assert.Equal("""{"text":"CPU \"high\"","rule":"r-1"}""", execution.ParamsJson["body"]!.GetValue<string>());
        Assert.Same(result, execution.Result);
    }

    [Fact]
    public async Task Execute_InvalidParams_AreStillRefusedByTheTypesSchema()
    {
        await CreateWebhookAsync();

        var result = await Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "hook", Params = new JsonObject { ["nope"] = 1 } });

        Assert.False(result.IsSuccess);
        Assert.StartsWith("error validating action params: ", result.Message, StringComparison.Ordinal);
        Assert.Empty(Webhook.Executions);
    }

    [Fact]
    public async Task FailNext_ReturnsTheScriptedErrorOnceThenSucceeds()
    {
        await CreateWebhookAsync();
        Webhook.FailNext("error calling webhook, retry later", serviceMessage: "429", retry: RetryHint.Later);

        var first = await Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "hook" });
        var second = await Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "hook" });

        Assert.Equal(ConnectorResultStatus.Error, first.Status);
        Assert.Equal("error calling webhook, retry later", first.Message);
        Assert.Equal("429", first.ServiceMessage);
        Assert.Same(RetryHint.Later, first.Retry);
        Assert.True(second.IsSuccess);
        Assert.Equal(2, Webhook.Executions.Count);
    }

    [Fact]
    public async Task ThrowNext_BecomesKibanasGenericErrorAndIsRecorded()
    {
        await CreateWebhookAsync();
        var boom = new InvalidOperationException("boom");
        Webhook.ThrowNext(boom);

        var result = await Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "hook" });

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Same(boom, Webhook.LastExecution.Exception);
        Assert.Null(Webhook.LastExecution.Result);
    }

    [Fact]
    public async Task RespondWith_AnswersEveryUnscriptedExecution()
    {
        await CreateWebhookAsync();
        Webhook.RespondWith(context => ConnectorResult.Ok(context.ConnectorId, JsonValue.Create("accepted")));

        var result = await Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "hook" });

        Assert.Equal("accepted", result.Data!.GetValue<string>());
    }

    [Fact]
    public async Task FakeLicense_CanBeLoweredDuringTheTest()
    {
        await CreateWebhookAsync();
        license.Set(LicenseLevel.Basic);

        var refusal = await Assert.ThrowsAsync<ConnectorForbiddenException>(() => Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "hook" }));

        Assert.Equal("Action type .webhook is disabled because your basic license does not support it. Please upgrade your license.", refusal.Message);
        Assert.Empty(Webhook.Executions);
    }

    [Fact]
    public async Task EventAssertions_FindExecutionsByOutcome()
    {
        await CreateWebhookAsync();
        Webhook.FailNext("down");
        await Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "hook" });
        await Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = "hook" });
        var events = provider.GetRequiredService<IConnectorEventLog>();

        var failure = await events.ShouldContainEventAsync(ConnectorEventActions.Execute, "hook", "failure");
        Assert.Equal(1, await events.CountEventsAsync(ConnectorEventActions.Execute, "hook", "success"));
        await events.ShouldNotContainEventAsync(ConnectorEventActions.PolicyRefusal);
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => events.ShouldContainEventAsync(ConnectorEventActions.Execute, "other"));

        Assert.Equal("down", failure.ErrorMessage);
        Assert.StartsWith("Expected an event 'execute' for 'other', but the event log has ", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetRecordingExecutor_ForATypeNotRecorded_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRecordingExecutor(".server-log"));

        Assert.Contains("UseRecordingExecutor(\".server-log\")", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseRecordingExecutor_WithADefinition_AddsATypeTheHostDoesNotHave()
    {
        var services = new ServiceCollection();
        var slack = services.AddConnectors().UseRecordingExecutor(new ConnectorTypeDefinition
        {
            Id = ".custom-pager",
            Name = "Custom pager",
            SupportedFeatureIds = [ConnectorFeatureIds.Alerting],
            DefaultParamEscape = Templating.MustacheEscape.Slack,
        });
        await using var sp = services.BuildServiceProvider();
        var registry = sp.GetRequiredService<IConnectorRegistry>();
        await registry.CreateAsync(new CreateConnectorRequest { Id = "s", Name = "S", ConnectorTypeId = ".custom-pager" });

        await registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = "s",
            Params = new JsonObject(),
            Variables = new { },
        });

        Assert.Equal("s", slack.LastExecution.ConnectorId);
    }
}
