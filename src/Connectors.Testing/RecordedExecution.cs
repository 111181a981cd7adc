using System.Text.Json.Nodes;

namespace Connectors.Testing;

/// <summary>One execution a <see cref="RecordingConnectorExecutor"/> received: what would have been sent, and what it answered.</summary>
public sealed record RecordedExecution
{
    /// <summary>The connector (without secrets).</summary>
    public required Connector Connector { get; init; }

    /// <summary>The connector id.</summary>
    public string ConnectorId => Connector.Id;

    /// <summary>The execution id, as recorded in the event log.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The rendered and validated params, of the type's params schema type.</summary>
    public required object Params { get; init; }

    /// <summary>The rendered params as JSON, with Kibana's (camelCase) field names.</summary>
    public required JsonObject ParamsJson { get; init; }

    /// <summary>The validated config, of the type's config schema type.</summary>
    public required object Config { get; init; }

    /// <summary>The result the executor returned; <see langword="null"/> when it threw <see cref="Exception"/>.</summary>
    public ConnectorResult? Result { get; init; }

    /// <summary>The exception the executor threw, when a failure was scripted with <see cref="RecordingConnectorExecutor.ThrowNext"/>.</summary>
    public Exception? Exception { get; init; }

    /// <summary>Gets the params as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The params schema's type (for example the type's params record).</typeparam>
    /// <returns>The params.</returns>
    public T GetParams<T>() => (T)Params;
}
