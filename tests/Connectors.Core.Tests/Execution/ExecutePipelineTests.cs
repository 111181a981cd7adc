using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Core.Tests.Execution;

public sealed class ExecutePipelineTests
{
    private readonly TestConnectorType testType = new();

    private ConnectorsTestHost CreateHost(Action<ConnectorsOptions>? configure = null, bool fakeTime = false) =>
        ConnectorsTestHost.Create(
            o =>
            {
                o.License = LicenseLevel.Gold;
                o.Preconfigured["preconf-test"] = new PreconfiguredConnectorOptions
                {
                    Name = "Preconfigured test",
                    ActionTypeId = TestConnectorType.TypeId,
                    Secrets = new JsonObject { ["token"] = "t" },
                };
                configure?.Invoke(o);
            },
            s => s.AddSingleton<IConnectorExecutor>(testType),
            fakeTime);

    private static async Task<Connector> CreateAsync(ConnectorsTestHost host, string id = "c1") =>
        await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Id = id,
            Name = "My test",
            ConnectorTypeId = TestConnectorType.TypeId,
            Secrets = new JsonObject { ["token"] = "t" },
        });

    private static ExecuteRequest Request(string id = "c1", JsonObject? parameters = null) =>
        new() { ConnectorId = id, Params = parameters ?? new JsonObject { ["message"] = "hello" } };

    [Fact]
    public async Task ExecuteAsync_Success_ReturnsResultAndRecordsStartAndEnd()
    {
        await using var host = CreateHost();
        await CreateAsync(host);

        var result = await host.Registry.ExecuteAsync(Request());

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        Assert.Equal("c1", result.ConnectorId);
        Assert.Equal("hello", result.Data!.GetValue<string>());
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = "c1" });
        Assert.Equal([ConnectorEventActions.ExecuteStart, ConnectorEventActions.Execute], events.Select(e => e.Action));
        Assert.Equal("action started: .test:c1: My test", events[0].Message);
        Assert.Equal("action executed: .test:c1: My test", events[1].Message);
        Assert.Equal("success", events[1].Outcome);
        Assert.Equal(events[0].ExecutionId, events[1].ExecutionId);
        Assert.Equal(testType.Executions.Single().ExecutionId, events[0].ExecutionId);
    }

    [Fact]
    public async Task ExecuteAsync_StoreReportsMissingSecrets_RefusesWithAClearErrorAndDoesNotRun()
    {
        await using var host = CreateHost();
        await CreateAsync(host);
        var store = host.Services.GetRequiredService<IConnectorStore>();
        var stored = (await store.GetAsync("default", "c1"))!;
        await store.UpdateAsync(stored with { Secrets = [], IsMissingSecrets = true }, stored.Version);

        var result = await host.Registry.ExecuteAsync(Request());

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Contains("Connector c1 is missing its secrets", result.Message, StringComparison.Ordinal);
        Assert.Empty(testType.Executions);
        Assert.True((await host.Registry.GetAsync("c1")).IsMissingSecrets);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownConnector_Throws()
    {
        await using var host = CreateHost();
        var ex = await Assert.ThrowsAsync<ConnectorNotFoundException>(() => host.Registry.ExecuteAsync(Request("nope")));
        Assert.Equal("Saved object [action/nope] not found", ex.Message);
    }

    [Fact]
    public async Task ExecuteAsync_ConnectorOfAnotherSpace_IsNotFound()
    {
        await using var host = CreateHost();
        await CreateAsync(host);
        await Assert.ThrowsAsync<ConnectorNotFoundException>(() => host.Registry.ExecuteAsync(Request() with { SpaceId = "other" }));
    }

    [Fact]
    public async Task ExecuteAsync_LicenseDowngradedAfterCreate_IsForbiddenAndRecorded()
    {
        var options = new ConnectorsOptions();
        await using var host = CreateHost();
        await CreateAsync(host);
        var monitor = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<ConnectorsOptions>>();
        monitor.CurrentValue.License = LicenseLevel.Basic;

        var ex = await Assert.ThrowsAsync<ConnectorForbiddenException>(() => host.Registry.ExecuteAsync(Request()));

        Assert.Equal("Action type .test is disabled because your basic license does not support it. Please upgrade your license.", ex.Message);
        Assert.Empty(testType.Executions);
        Assert.Single(await host.EventLog.QueryAsync(new ConnectorEventQuery { Action = ConnectorEventActions.PolicyRefusal }));
    }

    [Fact]
    public async Task ExecuteAsync_OptionsReloaded_TheKeptBindingOfAConnectorIsCheckedAgain()
    {
        // A stored connector's bound config is kept between executes; a reload of the options (here the allowed
        // hosts) must check it again, not run it with the binding made under the old options.
        string[] allowed = ["127.0.0.1"];
        var reloads = new Reloads();
        await using var host = ConnectorsTestHost.Create(
            o =>
            {
                o.License = LicenseLevel.Gold;
                o.MaxAttempts = 1;
            },
            s => s
                .AddSingleton<Microsoft.Extensions.Options.IOptionsChangeTokenSource<ConnectorsOptions>>(reloads)
                .AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<ConnectorsOptions>>(
                    new Microsoft.Extensions.Options.ConfigureOptions<ConnectorsOptions>(o => o.AllowedHosts = allowed)));
        var connector = await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "hook",
            ConnectorTypeId = ".webhook",
            Config = new JsonObject { ["url"] = "http://127.0.0.1:9/hook" },
        });
        var request = new ExecuteRequest { ConnectorId = connector.Id, Params = new JsonObject { ["body"] = "{}" } };

        // Bound and sent (nothing listens on port 9): twice, the second time from the kept binding.
        var first = await host.Registry.ExecuteAsync(request);
        var second = await host.Registry.ExecuteAsync(request);
        Assert.Equal(first.Message, second.Message);
        Assert.Equal("error calling webhook, request failed", second.Message);

        allowed = ["hooks.example.com"];
        reloads.Fire();
        var refused = await host.Registry.ExecuteAsync(request);

        Assert.Equal(
            "error validating connector type config: error validation webhook action config: target url \"http://127.0.0.1:9/hook\" is not added to the Kibana config xpack.actions.allowedHosts",
            refused.Message);
        Assert.Equal(ErrorSource.Framework, refused.ErrorSource);
    }

    [Fact]
    public async Task ExecuteAsync_StoreSharedByTwoHosts_EachChecksTheConnectorWithItsOwnOptions()
    {
        // The resolved connector (and the binding it keeps) lives with the stored version, which both hosts read.
        var store = new Connectors.Internal.InMemoryConnectorStore(TimeProvider.System);
        ConnectorsTestHost Host(string allowedHost) => ConnectorsTestHost.Create(
            o =>
            {
                o.License = LicenseLevel.Gold;
                o.MaxAttempts = 1;
                o.AllowedHosts = [allowedHost];
            },
            s => s.AddSingleton<IConnectorStore>(store));
        await using var open = Host("127.0.0.1");
        await using var closed = Host("hooks.example.com");
        var connector = await open.Registry.CreateAsync(new CreateConnectorRequest
        {
            Name = "hook",
            ConnectorTypeId = ".webhook",
            Config = new JsonObject { ["url"] = "http://127.0.0.1:9/hook" },
        });
        var request = new ExecuteRequest { ConnectorId = connector.Id, Params = new JsonObject { ["body"] = "{}" } };

        Assert.Equal("error calling webhook, request failed", (await open.Registry.ExecuteAsync(request)).Message);
        var refused = await closed.Registry.ExecuteAsync(request);

        Assert.Equal(
            "error validating connector type config: error validation webhook action config: target url \"http://127.0.0.1:9/hook\" is not added to the Kibana config xpack.actions.allowedHosts",
            refused.Message);
        Assert.Equal("error calling webhook, request failed", (await open.Registry.ExecuteAsync(request)).Message);
    }

    private sealed class Reloads : Microsoft.Extensions.Options.IOptionsChangeTokenSource<ConnectorsOptions>
    {
        private CancellationTokenSource source = new();

        public string Name => Microsoft.Extensions.Options.Options.DefaultName;

        public Microsoft.Extensions.Primitives.IChangeToken GetChangeToken() => new Microsoft.Extensions.Primitives.CancellationChangeToken(source.Token);

        public void Fire()
        {
            var fired = source;
            source = new CancellationTokenSource();
            fired.Cancel();
        }
    }

    [Fact]
    public async Task ExecuteAsync_PreconfiguredConnector_BypassesEnabledTypesButNotLicense()
    {
        await using var host = CreateHost(o => o.EnabledConnectorTypes = []);
        var result = await host.Registry.ExecuteAsync(Request("preconf-test"));
        Assert.True(result.IsSuccess);

        var monitor = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<ConnectorsOptions>>();
        monitor.CurrentValue.License = LicenseLevel.Basic;
        await Assert.ThrowsAsync<ConnectorForbiddenException>(() => host.Registry.ExecuteAsync(Request("preconf-test")));
    }

    [Fact]
    public async Task ExecuteAsync_InvalidParams_IsAUserErrorAndNothingRuns()
    {
        await using var host = CreateHost();
        await CreateAsync(host);

        var result = await host.Registry.ExecuteAsync(Request(parameters: new JsonObject { ["msg"] = "x" }));

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal(
            "error validating action params: [message]: expected value of type [string] but got [undefined]; [msg]: definition for this key is missing",
            result.Message);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Null(result.Retry);
        Assert.Empty(testType.Executions);
    }

    [Fact]
    public async Task ExecuteAsync_ExecutorThrows_IsAFrameworkErrorWithRetry()
    {
        await using var host = CreateHost();
        await CreateAsync(host);
        testType.Behaviour = (_, _) => throw new InvalidOperationException("kaboom");

        var result = await host.Registry.ExecuteAsync(Request());

        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("kaboom", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
        var end = Assert.Single(await host.EventLog.QueryAsync(new ConnectorEventQuery { Action = ConnectorEventActions.Execute }));
        Assert.Equal("failure", end.Outcome);
        Assert.Equal("action execution failure: .test:c1: My test", end.Message);
        Assert.Equal("an error occurred while running the action: kaboom; retry: true", end.ErrorMessage);
    }

    [Fact]
    public async Task ExecuteAsync_ErrorResultWithoutSource_IsLabelledUser()
    {
        await using var host = CreateHost();
        await CreateAsync(host);
        testType.Behaviour = (c, _) => ValueTask.FromResult(new ConnectorResult
        {
            Status = ConnectorResultStatus.Error,
            ConnectorId = c.ConnectorId,
            Message = "nope",
        });

        var result = await host.Registry.ExecuteAsync(Request());

        Assert.Equal(ErrorSource.User, result.ErrorSource);
    }

    [Fact]
    public async Task ExecuteAsync_ExceedsExecutionTimeout_ReturnsErrorAndRecordsTimeoutEvent()
    {
        await using var host = CreateHost(fakeTime: true);
        await CreateAsync(host);
        var started = new TaskCompletionSource();
        testType.Behaviour = async (c, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return ConnectorResult.Ok(c.ConnectorId);
        };

        var execution = host.Registry.ExecuteAsync(Request());
        await started.Task;
        host.Time!.Advance(TimeSpan.FromMinutes(5));
        var result = await execution;

        Assert.Equal("action execution cancelled due to timeout - exceeded timeout of \"5m\"", result.Message);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
        var timeout = Assert.Single(await host.EventLog.QueryAsync(new ConnectorEventQuery { Action = ConnectorEventActions.ExecuteTimeout }));
        Assert.Equal("action: .test:c1: 'My test' execution cancelled due to timeout - exceeded timeout of \"5m\"", timeout.Message);
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancels_Propagates()
    {
        await using var host = CreateHost();
        await CreateAsync(host);
        using var cts = new CancellationTokenSource();
        testType.Behaviour = async (c, ct) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return ConnectorResult.Ok(c.ConnectorId);
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Registry.ExecuteAsync(Request(), cts.Token));
    }

    [Fact]
    public async Task ExecuteAsync_ServiceUrl_IsGivenToTheExecutor()
    {
        await using var host = CreateHost(o => o.ServiceUrls[".test"] = "https://api.example.test/");
        await CreateAsync(host);
        await host.Registry.ExecuteAsync(Request());
        Assert.Equal("https://api.example.test/", testType.Executions.Single().ServiceUrl);
    }
}
