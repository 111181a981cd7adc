using System.Text.Json.Serialization;

namespace Connectors.Benchmarks.Dispatch;

/// <summary>A connector type that does nothing: measures the framework's own cost per execute.</summary>
public sealed class NoopConnector : IConnectorExecutor
{
    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = ".noop",
        Name = "No-op",
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting],
        Params = ConnectorSchema.Create(NoopJsonContext.Default.NoopParams),
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ConnectorResult.Ok(context.ConnectorId));
}

public sealed record NoopParams
{
    public string? Message { get; init; }
}

[JsonSerializable(typeof(NoopParams))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
public sealed partial class NoopJsonContext : JsonSerializerContext;
