using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Connectors.Core.Tests.Execution;

public sealed class StreamingAndTokenUsageTests
{
    private readonly TestConnectorType testType = new();

    private async Task<ConnectorsTestHost> HostAsync()
    {
        var host = ConnectorsTestHost.Create(o => o.License = LicenseLevel.Gold, s => s.AddSingleton<IConnectorExecutor>(testType));
        await host.Registry.CreateAsync(new CreateConnectorRequest
        {
            Id = "llm",
            Name = "My model",
            ConnectorTypeId = TestConnectorType.TypeId,
            Secrets = new JsonObject { ["token"] = "t" },
        });
        return host;
    }

    private static ExecuteRequest Request() => new() { ConnectorId = "llm", Params = new JsonObject { ["message"] = "hi" } };

    private static ConnectorStreamChunk Chunk(string content, TokenUsage? usage = null) => new()
    {
        Raw = Encoding.UTF8.GetBytes($"data: {content}\n\n"),
        Payload = content,
        Content = content,
        Usage = usage,
    };

    private static async IAsyncEnumerable<ConnectorStreamChunk> Chunks(
        IEnumerable<ConnectorStreamChunk> chunks, Exception? failAtEnd = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var chunk in chunks)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return chunk;
        }

        if (failAtEnd is not null)
        {
            throw failAtEnd;
        }
    }

    [Fact]
    public async Task ReportTokenUsage_GoesIntoTheExecuteEventAndTheTokenHistogram()
    {
        await using var host = await HostAsync();
        using var tokens = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Connectors", "gen_ai.client.token.usage");
        testType.Behaviour = (context, _) =>
        {
            context.ReportTokenUsage(new TokenUsage(12, 30, 42));
            return ValueTask.FromResult(ConnectorResult.Ok(context.ConnectorId));
        };

        await host.Registry.ExecuteAsync(Request());

        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = "llm" });
        Assert.Null(events.Single(e => e.Action == ConnectorEventActions.ExecuteStart).TokenUsage);
        Assert.Equal(new TokenUsage(12, 30, 42), events.Single(e => e.Action == ConnectorEventActions.Execute).TokenUsage);
        var measurements = tokens.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Count);
        Assert.Equal(12, measurements.Single(m => (string?)m.Tags["gen_ai.token.type"] == "input").Value);
        Assert.Equal(30, measurements.Single(m => (string?)m.Tags["gen_ai.token.type"] == "output").Value);
        Assert.All(measurements, m => Assert.Equal(".test", m.Tags["connector.type"]));
    }

    [Fact]
    public async Task Execute_WithoutUsage_RecordsNoTokens()
    {
        await using var host = await HostAsync();
        using var tokens = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), "Connectors", "gen_ai.client.token.usage");

        await host.Registry.ExecuteAsync(Request());

        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = "llm" });
        Assert.All(events, e => Assert.Null(e.TokenUsage));
        Assert.Empty(tokens.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task StreamedResult_IsRecordedWhenReadToTheEnd_WithTheUsageOfTheLastChunk()
    {
        await using var host = await HostAsync();
        testType.Behaviour = (context, _) => ValueTask.FromResult(ConnectorResult.Ok(context.ConnectorId) with
        {
            Stream = new ConnectorStream(Chunks([Chunk("Hel"), Chunk("lo"), Chunk("", new TokenUsage(5, 2, 7))]), "text/event-stream"),
        });

        var result = await host.Registry.ExecuteAsync(Request());

        var before = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = "llm" });
        Assert.Equal([ConnectorEventActions.ExecuteStart], before.Select(e => e.Action));
        var text = new StringBuilder();
        await foreach (var chunk in result.Stream!)
        {
            text.Append(chunk.Content);
        }

        Assert.Equal("Hello", text.ToString());
        Assert.True(result.Stream.IsCompleted);
        Assert.Equal(new TokenUsage(5, 2, 7), result.Stream.Usage);
        var after = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = "llm" });
        var execute = after.Single(e => e.Action == ConnectorEventActions.Execute);
        Assert.Equal("success", execute.Outcome);
        Assert.Equal(new TokenUsage(5, 2, 7), execute.TokenUsage);
    }

    [Fact]
    public async Task StreamedResult_ReadTwice_Throws()
    {
        await using var host = await HostAsync();
        testType.Behaviour = (context, _) => ValueTask.FromResult(ConnectorResult.Ok(context.ConnectorId) with
        {
            Stream = new ConnectorStream(Chunks([Chunk("a")]), "text/event-stream"),
        });
        var result = await host.Registry.ExecuteAsync(Request());
        await foreach (var _ in result.Stream!)
        {
        }

        var error = Assert.Throws<InvalidOperationException>(() => result.Stream.GetAsyncEnumerator());
        Assert.Equal("A connector stream can be read only once.", error.Message);
    }

    [Fact]
    public async Task StreamedResult_FailingMidway_IsRecordedAsAFailure()
    {
        await using var host = await HostAsync();
        testType.Behaviour = (context, _) => ValueTask.FromResult(ConnectorResult.Ok(context.ConnectorId) with
        {
            Stream = new ConnectorStream(Chunks([Chunk("a")], new IOException("connection reset")), "text/event-stream"),
        });
        var result = await host.Registry.ExecuteAsync(Request());

        await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (var _ in result.Stream!)
            {
            }
        });

        var execute = (await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = "llm" })).Single(e => e.Action == ConnectorEventActions.Execute);
        Assert.Equal("failure", execute.Outcome);
        Assert.Equal("an error occurred while reading the response stream: connection reset", execute.ErrorMessage);
    }

    [Fact]
    public async Task StreamedResult_DisposedWithoutReading_ReleasesTheOwnerAndIsRecordedOnce()
    {
        await using var host = await HostAsync();
        var owner = new Owner();
        testType.Behaviour = (context, _) => ValueTask.FromResult(ConnectorResult.Ok(context.ConnectorId) with
        {
            Stream = new ConnectorStream(Chunks([Chunk("a")]), "text/event-stream", owner),
        });
        var result = await host.Registry.ExecuteAsync(Request());

        await result.Stream!.DisposeAsync();
        await result.Stream.DisposeAsync();

        Assert.True(owner.Disposed > 0);
        Assert.False(result.Stream.IsCompleted);
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = "llm" });
        Assert.Single(events, e => e.Action == ConnectorEventActions.Execute);
    }

    [Fact]
    public async Task StreamedResult_StoppedEarly_ReleasesTheOwner()
    {
        await using var host = await HostAsync();
        var owner = new Owner();
        testType.Behaviour = (context, _) => ValueTask.FromResult(ConnectorResult.Ok(context.ConnectorId) with
        {
            Stream = new ConnectorStream(Chunks([Chunk("a"), Chunk("b")]), "text/event-stream", owner),
        });
        var result = await host.Registry.ExecuteAsync(Request());

        await foreach (var _ in result.Stream!)
        {
            break;
        }

        Assert.Equal(1, owner.Disposed);
        Assert.Single(await host.EventLog.QueryAsync(new ConnectorEventQuery { ConnectorId = "llm" }), e => e.Action == ConnectorEventActions.Execute);
    }

    private sealed class Owner : IAsyncDisposable
    {
        public int Disposed { get; private set; }

        public ValueTask DisposeAsync()
        {
            Disposed++;
            return ValueTask.CompletedTask;
        }
    }
}
