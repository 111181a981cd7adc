using System.Text.Json.Nodes;
using Connectors.TestUtilities;

namespace Connectors.IntegrationTests.Common;

/// <summary>Shorthands for the connector-type wire tests: a Platinum host with one attempt per request, create, execute.</summary>
internal static class Connectors
{
    /// <summary>The fake clock's start (see <see cref="ConnectorsTestHost"/>).</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    public static ConnectorsTestHost Host(Action<ConnectorsOptions>? configure = null, bool fakeTime = false) =>
        ConnectorsTestHost.Create(
            o =>
            {
                o.License = LicenseLevel.Platinum;
                o.MaxAttempts = 1;
                configure?.Invoke(o);
            },
            fakeTime: fakeTime);

    public static Task<global::Connectors.Connector> CreateAsync(
        this ConnectorsTestHost host, string typeId, JsonObject? config = null, JsonObject? secrets = null, string? id = null) =>
        host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Id = id,
            Name = "my connector",
            ConnectorTypeId = typeId,
            Config = config ?? [],
            Secrets = secrets ?? [],
        });

    public static Task<ConnectorResult> RunAsync(
        this ConnectorsTestHost host, global::Connectors.Connector connector, JsonObject parameters, object? variables = null) =>
        host.Registry.ExecuteAsync(new ExecuteRequest { ConnectorId = connector.Id, Params = parameters, Variables = variables });

    /// <summary>Starts an execution against a hanging server, waits for the request, then moves the fake clock past the response timeout.</summary>
    public static async Task<ConnectorResult> TimeOutAsync(this ConnectorsTestHost host, LoopbackServer server, Func<Task<ConnectorResult>> execute)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Received += _ => arrived.TrySetResult();
        server.Fallback = LoopbackServer.Hang();
        var execution = execute();
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        host.Time!.Advance(TimeSpan.FromSeconds(60));
        return await execution.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A text with every character the escapes care about.</summary>
    public const string Tricky = "say \"hi\"\nnow *bold* _it_ <b> & done";
}
