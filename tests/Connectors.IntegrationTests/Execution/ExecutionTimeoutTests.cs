using System.Text.Json.Nodes;
using Connectors.IntegrationTests.Webhook;
using Connectors.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.IntegrationTests.Execution;

public sealed class ExecutionTimeoutTests
{
    [Fact]
    public async Task Execute_ExecutorHangsPastExecutionTimeout_TimeoutEventAndErrorResult()
    {
        var gate = new ExecutorGate();
        await using var host = CreateHost(gate, o => o.ExecutionTimeout = TimeSpan.FromMinutes(1));
        var connector = await host.Registry.CreateAsync(new CreateConnectorRequest { Name = "stuck", ConnectorTypeId = HangingExecutor.TypeId });

        var execution = host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = connector.Id });
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        host.Time!.Advance(TimeSpan.FromSeconds(59));
        Assert.False(execution.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await execution.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("action execution cancelled due to timeout - exceeded timeout of \"1m\"", result.Message);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.True(gate.Cancelled);
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id });
        var timeout = Assert.Single(events, e => e.Action == "execute-timeout");
        Assert.Equal($"action: .test-hang:{connector.Id}: 'stuck' execution cancelled due to timeout - exceeded timeout of \"1m\"", timeout.Message);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 12, 1, 0, TimeSpan.Zero), timeout.Timestamp);
        var outcome = Assert.Single(events, e => e.Action == "execute");
        Assert.Equal("failure", outcome.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(1), outcome.Duration);
        Assert.Equal("action execution cancelled due to timeout - exceeded timeout of \"1m\"; retry: true", outcome.ErrorMessage);
    }

    [Fact]
    public async Task Execute_CallerCancels_CancellationPropagates()
    {
        var gate = new ExecutorGate();
        await using var host = CreateHost(gate);
        var connector = await host.Registry.CreateAsync(new CreateConnectorRequest { Name = "stuck", ConnectorTypeId = HangingExecutor.TypeId });
        using var cts = new CancellationTokenSource();

        var execution = host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = connector.Id }, cts.Token);
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => execution.WaitAsync(TimeSpan.FromSeconds(30)));
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id });
        Assert.DoesNotContain(events, e => e.Action == "execute-timeout");
    }

    [Fact]
    public async Task Execute_ExecutorThrows_FrameworkErrorResult()
    {
        var gate = new ExecutorGate { Throw = new InvalidOperationException("boom") };
        await using var host = CreateHost(gate);
        var connector = await host.Registry.CreateAsync(new CreateConnectorRequest { Name = "broken", ConnectorTypeId = HangingExecutor.TypeId });

        var result = await host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = connector.Id });

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("an error occurred while running the action", result.Message);
        Assert.Equal("boom", result.ServiceMessage);
        Assert.Same(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_WebhookHangsPastExecutionTimeout_TimeoutResultNotResponseTimeout()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Hang();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Received += _ => arrived.TrySetResult();
        await using var host = Webhooks.Host(o => o.ExecutionTimeout = TimeSpan.FromSeconds(30), fakeTime: true);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/slow"), ["hasAuth"] = false });

        var execution = host.ExecuteAsync(connector);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        host.Time!.Advance(TimeSpan.FromSeconds(30));
        var result = await execution.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("action execution cancelled due to timeout - exceeded timeout of \"30s\"", result.Message);
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = connector.Id, Action = "execute-timeout" });
        Assert.Single(events);
    }

    [Fact]
    public async Task Execute_CallerCancelsWebhookRequest_CancellationPropagates()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Fallback = LoopbackServer.Hang();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Received += _ => arrived.TrySetResult();
        await using var host = Webhooks.Host(o => o.MaxAttempts = 3);
        var connector = await host.CreateWebhookAsync(new JsonObject { ["url"] = server.Url("/slow"), ["hasAuth"] = false });
        using var cts = new CancellationTokenSource();

        var execution = host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = connector.Id, Params = new JsonObject { ["body"] = "x" } }, cts.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => execution.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Single(server.Requests);
    }

    private static ConnectorsTestHost CreateHost(ExecutorGate gate, Action<ConnectorsOptions>? configure = null) =>
        ConnectorsTestHost.Create(
            configure,
            services => services.AddSingleton(gate).AddConnectors().AddConnectorType<HangingExecutor>(),
            fakeTime: true);
}

/// <summary>Lets a test see when <see cref="HangingExecutor"/> started and whether it was cancelled.</summary>
public sealed class ExecutorGate
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? Throw { get; init; }

    public bool Cancelled { get; set; }
}

/// <summary>A connector type that never finishes until its token is cancelled (or throws when told to).</summary>
public sealed class HangingExecutor(ExecutorGate gate) : IConnectorExecutor
{
    public const string TypeId = ".test-hang";

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Hang",
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting],
    };

    public async ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        gate.Started.TrySetResult();
        if (gate.Throw is { } exception)
        {
            throw exception;
        }

        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() =>
        {
            gate.Cancelled = true;
            never.TrySetCanceled(cancellationToken);
        }))
        {
            await never.Task;
        }

        return ConnectorResult.Ok(context.ConnectorId);
    }
}
