using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Connectors.Testing;

/// <summary>
/// Stands in for a connector type: keeps the type's <see cref="ConnectorTypeDefinition"/> (so params are still
/// rendered with its escapes and validated by its schema), records every execution instead of sending anything, and
/// answers with a scripted outcome (success by default). Thread-safe.
/// </summary>
public sealed class RecordingConnectorExecutor : IConnectorExecutor
{
    private static readonly JsonSerializerOptions ParamsJsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock gate = new();
    private readonly List<RecordedExecution> executions = [];
    private readonly Queue<Func<ConnectorExecutionContext, ConnectorResult>> scripted = new();
    private Func<ConnectorExecutionContext, ConnectorResult> respond = context => ConnectorResult.Ok(context.ConnectorId);

    /// <summary>Creates a recording executor with a type's definition.</summary>
    /// <param name="definition">The definition of the type it stands in for.</param>
    public RecordingConnectorExecutor(ConnectorTypeDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
    }

    /// <inheritdoc/>
    public ConnectorTypeDefinition Definition { get; }

    /// <summary>The connector type id it stands in for.</summary>
    public string ConnectorTypeId => Definition.Id;

    /// <summary>Every execution so far, oldest first.</summary>
    public IReadOnlyList<RecordedExecution> Executions
    {
        get
        {
            lock (gate)
            {
                return [.. executions];
            }
        }
    }

    /// <summary>The latest execution; throws when there was none.</summary>
    public RecordedExecution LastExecution => Executions is [.., var last]
        ? last
        : throw new InvalidOperationException($"Connector type \"{ConnectorTypeId}\" was not executed.");

    /// <summary>Answers every execution that has no scripted outcome with <paramref name="response"/>.</summary>
    /// <param name="response">Builds the result from the execution context (the connector, its params, …).</param>
    /// <returns>This executor.</returns>
    public RecordingConnectorExecutor RespondWith(Func<ConnectorExecutionContext, ConnectorResult> response)
    {
        ArgumentNullException.ThrowIfNull(response);
        lock (gate)
        {
            respond = response;
        }

        return this;
    }

    /// <summary>Makes the next execution fail with an error result (as a remote failure would).</summary>
    /// <param name="message">The error message.</param>
    /// <param name="serviceMessage">The remote detail.</param>
    /// <param name="retry">The retry hint, for a transient failure.</param>
    /// <param name="errorSource">Who caused the failure.</param>
    /// <returns>This executor.</returns>
    public RecordingConnectorExecutor FailNext(
        string message,
        string? serviceMessage = null,
        RetryHint? retry = null,
        ErrorSource errorSource = ErrorSource.Framework)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Enqueue(context => ConnectorResult.Error(context.ConnectorId, message, serviceMessage, retry, errorSource));
    }

    /// <summary>Makes the next execution throw (the pipeline turns it into Kibana's <c>an error occurred while running the action</c>).</summary>
    /// <param name="exception">The exception to throw.</param>
    /// <returns>This executor.</returns>
    public RecordingConnectorExecutor ThrowNext(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Enqueue(_ => throw exception);
    }

    /// <summary>Forgets the recorded executions and the scripted outcomes.</summary>
    public void Clear()
    {
        lock (gate)
        {
            executions.Clear();
            scripted.Clear();
        }
    }

    /// <inheritdoc/>
    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        Func<ConnectorExecutionContext, ConnectorResult> outcome;
        lock (gate)
        {
            outcome = scripted.TryDequeue(out var next) ? next : respond;
        }

        ConnectorResult? result = null;
        Exception? thrown = null;
        try
        {
            result = outcome(context);
            return ValueTask.FromResult(result);
        }
        catch (Exception ex)
        {
            thrown = ex;
            throw;
        }
        finally
        {
            var recorded = new RecordedExecution
            {
                Connector = context.Connector,
                ExecutionId = context.ExecutionId,
                Params = context.Params,
                ParamsJson = ToJson(context.Params),
                Config = context.Config,
                Result = result,
                Exception = thrown,
            };
            lock (gate)
            {
                executions.Add(recorded);
            }
        }
    }

    private RecordingConnectorExecutor Enqueue(Func<ConnectorExecutionContext, ConnectorResult> outcome)
    {
        lock (gate)
        {
            scripted.Enqueue(outcome);
        }

        return this;
    }

    private static JsonObject ToJson(object parameters) => parameters switch
    {
        JsonObject json => json.DeepClone().AsObject(),
        _ => JsonSerializer.SerializeToNode(parameters, parameters.GetType(), ParamsJsonOptions) as JsonObject ?? [],
    };
}
